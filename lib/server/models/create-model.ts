import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZCreateModelRequest, type TModel, type TCreateModelRequest } from "@/lib/schemas/models";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { MODEL_DTO_SELECT, toModelDto } from "./model-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Registers a model. The team defaults to the creator's, the data-science owner to the creator; a
 * non-admin may only create models for their own team. Duplicate slug → CONFLICT on `slug`.
 */
export async function createModel({
  actor,
  input: raw,
}: {
  actor: TActor;
  input: TCreateModelRequest;
}): Promise<TModel> {
  requirePermission(actor, "models:write");
  const input = ZCreateModelRequest.parse(raw);
  const teamId = input.teamId ?? actor.teamId;
  if (!teamId)
    throw new AppError("VALIDATION_FAILED", "Choose the owning team.", {
      errors: [{ path: "teamId", message: "You belong to no team; choose one." }],
    });
  const isAdmin = actor.roles.includes("ADMIN");
  if (!isAdmin && teamId !== actor.teamId)
    throw new AppError("FORBIDDEN", "You can only create models for your own team.", {
      errors: [{ path: "teamId", message: "Not your team." }],
    });
  const dsOwnerId = input.dsOwnerId ?? actor.userId;
  return runTransaction(async (tx) => {
    if (!(await tx.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      throw new AppError("VALIDATION_FAILED", "Unknown team.", {
        errors: [{ path: "teamId", message: "No team with this id." }],
      });
    }
    const owner = await tx.user.findUnique({ where: { id: dsOwnerId }, select: { active: true, roles: true } });
    if (!owner?.active || !owner.roles.includes("DATA_SCIENTIST")) {
      throw new AppError("VALIDATION_FAILED", "The data-science owner must be an active data scientist.", {
        errors: [{ path: "dsOwnerId", message: "Not an active data scientist." }],
      });
    }
    if (await tx.model.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
      throw new AppError("CONFLICT", `A model named "${input.slug}" already exists.`, {
        errors: [{ path: "slug", message: "Already taken." }],
      });
    }
    const model = await tx.model.create({
      data: {
        slug: input.slug,
        title: input.title,
        description: input.description,
        problemType: input.problemType,
        criticality: input.criticality,
        teamId,
        dsOwnerId,
        tags: input.tags,
        createdById: actor.userId,
      },
      select: MODEL_DTO_SELECT,
    });
    await tx.ownershipHistory.create({
      data: { modelId: model.id, teamId, dsOwnerId, changedById: actor.userId, reason: "Model registered" },
    });
    const dto = toModelDto(model);
    await appendAuditEvent(tx, {
      actor,
      action: "model.created",
      entityType: "model",
      entityId: model.id,
      modelId: model.id,
      after: {
        slug: dto.slug,
        title: dto.title,
        criticality: dto.criticality,
        problemType: dto.problemType,
        teamId,
        dsOwnerId,
        tags: dto.tags,
      },
    });
    return dto;
  });
}
