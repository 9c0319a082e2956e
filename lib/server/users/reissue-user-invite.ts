import "server-only";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TInviteUserResponse } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireSignedInPerson, requireSudo } from "../auth/sudo";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";
import { inviteUrlFor, issueUserInvite } from "./user-invite-token";

/**
 * A new set-your-password link for a user who has no password yet (the first expired or was lost); every
 * older link stops working. Sudo mode, signed-in administrators only. Users who have a password get 409:
 * a link would be a password reset by another name, and resets go through PATCH /users/{id}.
 */
export async function reissueUserInvite(o: {
  actor: TActor;
  userId: string;
  requestOrigin: string;
  now?: Date;
}): Promise<TInviteUserResponse> {
  const { actor } = o;
  requirePermission(actor, "users:manage");
  requireSignedInPerson(actor, "invite users");
  requireSudo(actor, "issue an invitation link");
  const now = o.now ?? new Date();
  return runTransaction(async (tx) => {
    // The user row first, as acceptUserInvite locks it: a link used while a new one is issued waits here.
    const rows = await tx.$queryRaw<{ hasPassword: boolean; deactivatedAt: Date | null }[]>`
      SELECT "passwordHash" IS NOT NULL AS "hasPassword", "deactivatedAt" FROM users WHERE id = ${o.userId} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new AppError("NOT_FOUND", "No user with this id.");
    if (row.hasPassword)
      throw new AppError("CONFLICT", "This user has already set a password; reset it instead of inviting them again.");
    if (row.deactivatedAt) throw new AppError("CONFLICT", "This user was deactivated; reactivate them first.");
    const link = await issueUserInvite(tx, { actor, userId: o.userId, now });
    await appendAuditEvent(tx, {
      actor,
      action: "user.invite_issued",
      entityType: "user",
      entityId: o.userId,
      after: { expiresAt: link.expiresAt.toISOString(), revokedLinks: link.revoked },
    });
    const user = toUserDto(await tx.user.findUniqueOrThrow({ where: { id: o.userId }, select: USER_DTO_SELECT }), now);
    return { user, inviteUrl: inviteUrlFor(link.token, o.requestOrigin), expiresAt: link.expiresAt.toISOString() };
  });
}
