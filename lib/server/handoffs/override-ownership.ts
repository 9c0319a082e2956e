import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TModelOwners } from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZOverrideOwnershipRequest, type TOverrideOwnershipRequest } from "@/lib/schemas/handoffs";
import type { TModel } from "@/lib/schemas/models";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { MODEL_DTO_SELECT, toModelDto } from "../models/model-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * An administrator sets a model's owners directly, with a reason — for what a handoff cannot do (both
 * owners gone, a mistaken acceptance). The reason goes into the ownership history and the audit log; a
 * proposed handoff of the model is cancelled, since it was written against the old owners.
 * Locks: proposed handoffs first, then the model — the order an acceptance takes — so they cannot deadlock.
 */
export async function overrideOwnership({
  actor,
  modelRef,
  input: raw,
}: {
  actor: TActor;
  modelRef: string;
  input: TOverrideOwnershipRequest;
}): Promise<TModel> {
  requirePermission(actor, "ownership:override");
  const input = ZOverrideOwnershipRequest.parse(raw);
  return runTransaction(async (tx) => {
    const ref = await findModelRef(tx, modelRef);
    await lockModel(tx, { modelId: ref.id });
    const pending = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM handoffs WHERE "modelId" = ${ref.id} AND status = 'PROPOSED' FOR UPDATE`;
    const model = await tx.model.findUniqueOrThrow({
      where: { id: ref.id },
      select: { teamId: true, dsOwnerId: true, itOwnerId: true, archivedAt: true },
    });
    if (model.archivedAt) throw new AppError("CONFLICT", "The model is archived; its ownership no longer changes.");
    const before: TModelOwners = { teamId: model.teamId, dsOwnerId: model.dsOwnerId, itOwnerId: model.itOwnerId };
    const after: TModelOwners = {
      teamId: input.teamId ?? before.teamId,
      dsOwnerId: input.dsOwnerId ?? before.dsOwnerId,
      itOwnerId: input.itOwnerId === undefined ? before.itOwnerId : input.itOwnerId,
    };
    await validateOwners(tx, input);
    if (
      after.teamId === before.teamId &&
      after.dsOwnerId === before.dsOwnerId &&
      after.itOwnerId === before.itOwnerId
    ) {
      throw new AppError("VALIDATION_FAILED", "These are already the model's owners; nothing to change.", {
        errors: [{ path: "dsOwnerId", message: "Nothing changes." }],
      });
    }

    const now = new Date();
    await tx.model.update({ where: { id: ref.id }, data: after });
    for (const p of pending) {
      await tx.handoff.update({
        where: { id: p.id },
        data: {
          status: "CANCELLED",
          decidedAt: now,
          reason: `Superseded by an administrator's ownership override: ${input.reason}`,
        },
      });
      await appendAuditEvent(tx, {
        actor,
        action: "handoff.cancelled",
        entityType: "handoff",
        entityId: p.id,
        modelId: ref.id,
        before: { status: "PROPOSED" },
        after: { status: "CANCELLED" },
        metadata: { reason: "ownership override" },
      });
    }
    await tx.ownershipHistory.create({
      data: {
        modelId: ref.id,
        ...after,
        changedById: actor.userId,
        reason: `Administrator override: ${input.reason}`,
        createdAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "ownership.overridden",
      entityType: "model",
      entityId: ref.id,
      modelId: ref.id,
      before,
      after,
      metadata: { reason: input.reason, cancelledHandoffIds: pending.map((p) => p.id) },
    });
    return toModelDto(await tx.model.findUniqueOrThrow({ where: { id: ref.id }, select: MODEL_DTO_SELECT }));
  });
}

/** New owners must be able to act: an active data scientist, an active IT operator, an existing team. */
async function validateOwners(
  tx: Tx,
  input: { dsOwnerId?: string; itOwnerId?: string | null; teamId?: string },
): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  if (input.dsOwnerId) {
    const u = await tx.user.findUnique({ where: { id: input.dsOwnerId }, select: { active: true, roles: true } });
    if (!u?.active || !u.roles.includes("DATA_SCIENTIST"))
      errors.push({ path: "dsOwnerId", message: "Not an active data scientist." });
  }
  if (input.itOwnerId) {
    const u = await tx.user.findUnique({ where: { id: input.itOwnerId }, select: { active: true, roles: true } });
    if (!u?.active || !u.roles.includes("IT_OPS"))
      errors.push({ path: "itOwnerId", message: "Not an active IT operator." });
  }
  if (input.teamId && !(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } })))
    errors.push({ path: "teamId", message: "No team with this id." });
  if (errors.length) throw new AppError("VALIDATION_FAILED", "The new owners are not valid.", { errors });
}
