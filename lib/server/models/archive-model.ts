import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TModel } from "@/lib/schemas/models";
import { lockModel } from "./lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "./find-model";
import { MODEL_DTO_SELECT, toModelDto } from "./model-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Retires a model: every version is archived, pending requests are cancelled. Refused while a version
 * runs in production (roll it back or undeploy it first): archiving must never orphan live traffic.
 */
export async function archiveModel({
  actor,
  modelRef,
  reason,
}: {
  actor: TActor;
  modelRef: string;
  reason: string;
}): Promise<TModel> {
  requirePermission(actor, "models:archive");
  return runTransaction(async (tx) => {
    const ref = await findModelRef(tx, modelRef);
    requireModelWrite(actor, ref);
    await lockModel(tx, { modelId: ref.id });
    if (ref.archivedAt) throw new AppError("CONFLICT", "The model is already archived.");
    if (
      await tx.deployment.count({ where: { modelId: ref.id, status: "ACTIVE", environment: { isProduction: true } } })
    ) {
      throw new AppError(
        "CONFLICT",
        "A version of this model is live in production. Roll it back or undeploy it before archiving.",
      );
    }
    const now = new Date();
    const pending = await tx.transitionRequest.updateMany({
      where: { version: { modelId: ref.id }, status: "PENDING" },
      data: { status: "CANCELLED", resolution: "Model archived", decidedAt: now },
    });
    const versions = await tx.modelVersion.findMany({
      where: { modelId: ref.id, stage: { not: "ARCHIVED" } },
      select: { id: true, stage: true },
    });
    for (const v of versions) {
      await tx.modelVersion.update({
        where: { id: v.id },
        data: { stage: "ARCHIVED", status: "READY", stageChangedAt: now },
      });
      await tx.stageHistory.create({
        data: {
          versionId: v.id,
          fromStage: v.stage,
          toStage: "ARCHIVED",
          actorId: actor.userId,
          reason: `Model archived: ${reason}`,
          enteredAt: now,
        },
      });
    }
    const model = await tx.model.update({ where: { id: ref.id }, data: { archivedAt: now }, select: MODEL_DTO_SELECT });
    await appendAuditEvent(tx, {
      actor,
      action: "model.archived",
      entityType: "model",
      entityId: ref.id,
      modelId: ref.id,
      after: { archivedVersions: versions.length, cancelledRequests: pending.count },
      metadata: { reason },
    });
    return toModelDto(model);
  });
}
