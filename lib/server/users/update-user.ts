import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TUpdateUserRequest, TUser } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireSignedInPerson, requireSudo } from "../auth/sudo";
import { hashPassword } from "../auth/password";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";
import { runTransaction } from "@/lib/db/run-transaction";

// Serialises every change that could remove an administrator, so two admins demoting each other at
// the same moment cannot leave the installation with none.
const ADMIN_LOCK_ID = 51_200_001;

/**
 * Changes a user's name, roles, team, active flag or password, atomically and audited. Refuses to let an
 * administrator lock themselves out or remove the last active administrator. Deactivating someone cancels
 * the handoffs waiting on them (nobody else may accept those); the models they own stay theirs until
 * reassigned through handoffs — the overview flags them as orphaned meanwhile.
 */
export async function updateUser({
  actor,
  userId,
  input,
}: {
  actor: TActor;
  userId: string;
  input: TUpdateUserRequest;
}): Promise<TUser> {
  requirePermission(actor, "users:manage");
  requireSignedInPerson(actor, "change users");
  if (input.password) requireSudo(actor, "set a password");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return runTransaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_ID})`;
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", "No user with this id.");
    const before = toUserDto(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_DTO_SELECT }));

    const grantsAdmin = !!input.roles?.includes("ADMIN") && !before.roles.includes("ADMIN");
    if (grantsAdmin) requireSudo(actor, "grant the administrator role");
    const self = userId === actor.userId;
    if (self && input.active === false)
      throw new AppError("CONFLICT", "You cannot deactivate yourself.", {
        errors: [{ path: "active", message: "Ask another administrator." }],
      });
    if (self && input.roles && !input.roles.includes("ADMIN") && before.roles.includes("ADMIN")) {
      throw new AppError("CONFLICT", "You cannot remove your own administrator role.", {
        errors: [{ path: "roles", message: "Ask another administrator." }],
      });
    }
    const losesAdmin =
      before.roles.includes("ADMIN") &&
      before.active &&
      ((input.roles && !input.roles.includes("ADMIN")) || input.active === false);
    if (losesAdmin && (await countActiveAdmins(tx)) <= 1) {
      throw new AppError("CONFLICT", "This is the last active administrator.", {
        errors: [{ path: input.roles ? "roles" : "active", message: "Make someone else an administrator first." }],
      });
    }
    if (input.teamId && !(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) {
      throw new AppError("VALIDATION_FAILED", "Unknown team.", {
        errors: [{ path: "teamId", message: "No team with this id." }],
      });
    }
    const deactivating = input.active === false && before.active;
    const rolesChanged = !!input.roles && [...input.roles].sort().join() !== [...before.roles].sort().join();
    // A new password, other roles or deactivation end every session of the user at once (docs/SECURITY.md).
    const revokesSessions = !!passwordHash || rolesChanged || deactivating;
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        roles: input.roles,
        teamId: input.teamId,
        active: input.active,
        deactivatedAt: deactivating ? new Date() : input.active === true ? null : undefined,
        passwordHash,
        ...(revokesSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: USER_DTO_SELECT,
    });
    if (deactivating) await cancelHandoffsWaitingOn(tx, actor, userId);
    const after = toUserDto(user);
    const changed = { ...after, passwordChanged: !!passwordHash };
    await appendAuditEvent(tx, {
      actor,
      action: deactivating ? "user.deactivated" : "user.updated",
      entityType: "user",
      entityId: userId,
      before: pickAudited(before),
      after: {
        ...pickAudited(after),
        ...(changed.passwordChanged ? { passwordChanged: true } : {}),
        ...(revokesSessions ? { sessionsRevoked: true } : {}),
      },
    });
    return after;
  });
}

/** A deactivated receiver can never accept: free the model for a new proposal, and say why in the audit log. */
async function cancelHandoffsWaitingOn(tx: Tx, actor: TActor, userId: string): Promise<void> {
  const waiting = await tx.$queryRaw<
    { id: string; modelId: string }[]
  >`SELECT id, "modelId" FROM handoffs WHERE "toUserId" = ${userId} AND status = 'PROPOSED' FOR UPDATE`;
  for (const h of waiting) {
    const reason = "The receiver was deactivated.";
    await tx.handoff.update({ where: { id: h.id }, data: { status: "CANCELLED", decidedAt: new Date(), reason } });
    await appendAuditEvent(tx, {
      actor,
      action: "handoff.cancelled",
      entityType: "handoff",
      entityId: h.id,
      modelId: h.modelId,
      before: { status: "PROPOSED" },
      after: { status: "CANCELLED", reason },
    });
  }
}

// Raw SQL: the PGlite adapter mis-serialises `roles: { has: … }` on enum arrays ("malformed array literal").
async function countActiveAdmins(tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM users WHERE active AND 'ADMIN' = ANY(roles)`;
  return rows[0]?.n ?? 0;
}

function pickAudited(u: TUser) {
  return { name: u.name, roles: u.roles, teamId: u.teamId, active: u.active };
}
