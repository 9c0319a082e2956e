import "server-only";
import { getDb } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { verifyPassword } from "./password";
import { assertSignInAllowed, recordSignInFailure, recordSignInSuccess } from "./sign-in-guard";
import { signSudo, requireSignedInPerson } from "./sudo";

/**
 * Sudo mode: the signed-in person re-enters their own password; on success the caller sets the returned
 * proof as a cookie (valid SUDO_MINUTES, this session only). Audited. A wrong password is a 422 on
 * `password` (sign-in rate limits apply to it as to the login form).
 */
export async function confirmSudo(o: {
  actor: TActor;
  password: string;
  ip: string;
}): Promise<{ value: string; until: Date }> {
  requireSignedInPerson(o.actor, "enter sudo mode");
  if (!o.actor.sessionId) throw new AppError("FORBIDDEN", "Sign in again: this session predates sudo mode.");
  // A stolen session must not become a password oracle: the sign-in limits count these attempts too.
  await assertSignInAllowed({ email: o.actor.email, ip: o.ip });
  const db = await getDb();
  const u = await db.user.findUniqueOrThrow({
    where: { id: o.actor.userId },
    select: { passwordHash: true, sessionVersion: true },
  });
  if (!(await verifyPassword(o.password, u.passwordHash))) {
    await recordSignInFailure({ email: o.actor.email, ip: o.ip, channel: "sudo mode" });
    throw new AppError("VALIDATION_FAILED", "That is not your password.", {
      errors: [{ path: "password", message: "Wrong password." }],
    });
  }
  await recordSignInSuccess({ email: o.actor.email });
  const proof = signSudo({ userId: o.actor.userId, sessionId: o.actor.sessionId, sessionVersion: u.sessionVersion });
  await runTransaction((tx) =>
    appendAuditEvent(tx, {
      actor: o.actor,
      action: "user.sudo_confirmed",
      entityType: "user",
      entityId: o.actor.userId,
      after: { until: new Date(proof.until).toISOString() },
    }),
  );
  return { value: proof.value, until: new Date(proof.until) };
}
