import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TCreateUserRequest, TUser } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireSudo, requireSignedInPerson } from "../auth/sudo";
import { hashPassword } from "../auth/password";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Creates a user with an initial password; audited. Only an administrator's signed-in session in sudo mode
 * may (the password is chosen by the administrator; an ADMIN role may be granted). Throws FORBIDDEN (token,
 * no sudo), CONFLICT (email) or VALIDATION_FAILED (teamId).
 */
export async function createUser({ actor, input }: { actor: TActor; input: TCreateUserRequest }): Promise<TUser> {
  requirePermission(actor, "users:manage");
  requireSignedInPerson(actor, "create users");
  requireSudo(actor, input.roles.includes("ADMIN") ? "grant the administrator role" : "set a password");
  const passwordHash = await hashPassword(input.password);
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
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, roles: input.roles, teamId: input.teamId ?? null, passwordHash },
      select: USER_DTO_SELECT,
    });
    const dto = toUserDto(user);
    await appendAuditEvent(tx, {
      actor,
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: { email: dto.email, name: dto.name, roles: dto.roles, teamId: dto.teamId },
    });
    return dto;
  });
}
