import "server-only";
import { getDb } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import { INVITE_STATE_MESSAGES, inviteStateOf, type TInviteState } from "@/lib/domain/users/invite-state";
import { AppError } from "@/lib/errors";
import type { TAcceptInviteRequest } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { hashPassword } from "../auth/password";
import { hashInviteToken } from "./user-invite-token";

const NOT_USABLE: Record<Exclude<TInviteState, "open">, "NOT_FOUND" | "CONFLICT"> = {
  unknown: "NOT_FOUND",
  used: "CONFLICT",
  replaced: "CONFLICT",
  expired: "CONFLICT",
};

function refuse(state: Exclude<TInviteState, "open">): AppError {
  return new AppError(NOT_USABLE[state], INVITE_STATE_MESSAGES[state], { extra: { inviteState: state } });
}

/**
 * The invited person opens their link and chooses a password: the password is set, the account becomes
 * active, every session of the user ends (session version), the link is spent — all in one transaction,
 * audited as the user. A link works once: of two uses racing, the conditional UPDATE lets exactly one
 * through. Unknown links get 404; used, replaced or expired ones 409, each saying what to do.
 */
export async function acceptUserInvite(o: { input: TAcceptInviteRequest; now?: Date }): Promise<{ email: string }> {
  const tokenHash = hashInviteToken(o.input.token);
  const db = await getDb();
  // Before the password is hashed (scrypt is slow): a dead link is refused at once.
  const found = await db.userInvite.findUnique({
    where: { tokenHash },
    select: { userId: true, usedAt: true, revokedAt: true, expiresAt: true },
  });
  const before = inviteStateOf(found, o.now ?? new Date());
  if (before !== "open") throw refuse(before);
  const passwordHash = await hashPassword(o.input.password);
  return runTransaction(async (tx) => {
    const now = o.now ?? new Date();
    // The user row first (the order reissueUserInvite takes), then the link, spent only if still open.
    const users = await tx.$queryRaw<{ email: string; name: string; deactivatedAt: Date | null }[]>`
      SELECT email, name, "deactivatedAt" FROM users WHERE id = ${found!.userId} FOR UPDATE`;
    const user = users[0]!;
    const spent = await tx.$executeRaw`
      UPDATE user_invites SET "usedAt" = ${now}
      WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}`;
    if (spent !== 1) {
      const again = await tx.userInvite.findUnique({
        where: { tokenHash },
        select: { usedAt: true, revokedAt: true, expiresAt: true },
      });
      const state = inviteStateOf(again, now);
      throw refuse(state === "open" ? "used" : state);
    }
    if (user.deactivatedAt) throw new AppError("CONFLICT", "This account was deactivated. Ask your administrator.");
    await tx.user.update({
      where: { id: found!.userId },
      data: { passwordHash, active: true, deactivatedAt: null, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    const actor = { kind: "user" as const, userId: found!.userId, name: user.name };
    await appendAuditEvent(tx, {
      actor,
      action: "user.invite_accepted",
      entityType: "user",
      entityId: found!.userId,
      before: { active: false },
      after: { active: true, passwordChanged: true, sessionsRevoked: true },
    });
    return { email: user.email };
  });
}
