import "server-only";
import { runTransaction } from "@/lib/db/run-transaction";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requireSignedInPerson } from "../auth/sudo";

/**
 * "Sign out everywhere": bumps the user's session version, so every browser session of theirs — this one
 * included when it is their own — stops working at its next request. Allowed to the user themselves and to
 * administrators (users:manage), from a signed-in session only. Audited.
 */
export async function revokeUserSessions(o: { actor: TActor; userId: string }): Promise<{ sessionVersion: number }> {
  requireSignedInPerson(o.actor, "sign people out");
  const self = o.actor.userId === o.userId;
  if (!self && !can(o.actor, "users:manage")) throw new AppError("NOT_FOUND", "No user with this id.");
  return runTransaction(async (tx) => {
    const rows = await tx.$queryRaw<{ sessionVersion: number }[]>`
      UPDATE users SET "sessionVersion" = "sessionVersion" + 1, "updatedAt" = now() WHERE id = ${o.userId} RETURNING "sessionVersion"`;
    if (!rows[0]) throw new AppError("NOT_FOUND", "No user with this id.");
    await appendAuditEvent(tx, {
      actor: o.actor,
      action: "user.sessions_revoked",
      entityType: "user",
      entityId: o.userId,
      after: { sessionVersion: rows[0].sessionVersion, self },
    });
    return { sessionVersion: rows[0].sessionVersion };
  });
}
