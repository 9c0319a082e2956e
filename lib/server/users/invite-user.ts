import "server-only";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TInviteUserRequest, TInviteUserResponse } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireSignedInPerson, requireSudo } from "../auth/sudo";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";
import { inviteUrlFor, issueUserInvite } from "./user-invite-token";

/**
 * Creates a user without a password, inactive until they open their one-time link and choose one
 * (acceptUserInvite). Whoever holds the link sets the password, so this needs what setting a password
 * needs: an administrator's signed-in session in sudo mode (never a token). Audited: `user.created` and
 * `user.invite_issued`. Throws FORBIDDEN, CONFLICT (email) or VALIDATION_FAILED (teamId).
 */
export async function inviteUser(o: {
  actor: TActor;
  input: TInviteUserRequest;
  requestOrigin: string;
  now?: Date;
}): Promise<TInviteUserResponse> {
  const { actor, input } = o;
  requirePermission(actor, "users:manage");
  requireSignedInPerson(actor, "invite users");
  requireSudo(actor, input.roles.includes("ADMIN") ? "grant the administrator role" : "invite a user");
  const now = o.now ?? new Date();
  return runTransaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError("CONFLICT", "A user with this email already exists.", {
        errors: [{ path: "email", message: "Already taken." }],
      });
    }
    if (input.teamId && !(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) {
      throw new AppError("VALIDATION_FAILED", "Unknown team.", {
        errors: [{ path: "teamId", message: "No team with this id." }],
      });
    }
    const { id } = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        roles: input.roles,
        teamId: input.teamId ?? null,
        passwordHash: null,
        active: false,
      },
      select: { id: true },
    });
    const link = await issueUserInvite(tx, { actor, userId: id, now });
    const user = toUserDto(await tx.user.findUniqueOrThrow({ where: { id }, select: USER_DTO_SELECT }), now);
    const after = { email: user.email, name: user.name, roles: user.roles, teamId: user.teamId };
    await appendAuditEvent(tx, {
      actor,
      action: "user.created",
      entityType: "user",
      entityId: id,
      after: { ...after, active: false },
      metadata: { via: "invitation" },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "user.invite_issued",
      entityType: "user",
      entityId: id,
      after: { expiresAt: link.expiresAt.toISOString() },
    });
    return { user, inviteUrl: inviteUrlFor(link.token, o.requestOrigin), expiresAt: link.expiresAt.toISOString() };
  });
}
