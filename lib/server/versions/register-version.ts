import "server-only";
import { storedModelColumns } from "../artifacts/model-evidence";
import { readStoredModel } from "../artifacts/stored-model";
import { getDb, type Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZRegisterVersionRequest, type TRegisterVersionRequest, type TVersion } from "@/lib/schemas/models";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "../models/find-model";
import { toVersionDto, VERSION_DTO_SELECT } from "./version-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Registers a new version in DESIGN. The number comes from `UPDATE models SET versionCounter + 1 …
 * RETURNING`, which row-locks the model: two pipelines registering at once get two different numbers,
 * and the audit entry commits with the version.
 */
export async function registerVersion({
  actor,
  modelRef,
  input: raw,
}: {
  actor: TActor;
  modelRef: string;
  input: TRegisterVersionRequest;
}): Promise<TVersion> {
  requirePermission(actor, "versions:register");
  const input = ZRegisterVersionRequest.parse(raw);
  const db = await getDb();
  // A version whose files are in Modelgate's store gets their manifest and digest here too (issue 20).
  const stored = await readStoredModel(db, input.artifactUri);
  return runTransaction(async (tx) => {
    const model = await findModelRef(tx, modelRef);
    requireModelWrite(actor, model);
    if (model.archivedAt) throw new AppError("CONFLICT", "The model is archived; it takes no new versions.");
    const [{ versionCounter: number }] = (await tx.$queryRaw<{ versionCounter: number }[]>`
      UPDATE models SET "versionCounter" = "versionCounter" + 1, "updatedAt" = now() WHERE id = ${model.id} RETURNING "versionCounter"`) as [
      { versionCounter: number },
    ];
    const version = await tx.modelVersion.create({
      data: {
        modelId: model.id,
        number,
        artifactUri: input.artifactUri,
        ...storedModelColumns(stored, null),
        framework: input.framework,
        gitCommit: input.gitCommit,
        trainingDataset: input.trainingDataset,
        description: input.description,
        parameters: input.parameters as object,
        metrics: input.metrics,
        featureSchema: input.featureSchema,
        createdById: actor.userId,
      },
      select: VERSION_DTO_SELECT,
    });
    await tx.stageHistory.create({
      data: { versionId: version.id, toStage: "DESIGN", actorId: actor.userId, reason: "Registered" },
    });
    await linkRetrainingRequest(tx, model.id, version.id);
    await appendAuditEvent(tx, {
      actor,
      action: "version.registered",
      entityType: "version",
      entityId: version.id,
      modelId: model.id,
      after: {
        number,
        artifactUri: input.artifactUri,
        framework: input.framework,
        gitCommit: input.gitCommit,
        metrics: input.metrics,
        features: input.featureSchema.length,
      },
    });
    return toVersionDto(version);
  });
}

/** The first version registered while a retraining request is open is its candidate; the champion/challenger gate judges it. */
async function linkRetrainingRequest(tx: Tx, modelId: string, versionId: string) {
  const open = await tx.retrainingRequest.findFirst({
    where: { modelId, status: { in: ["OPEN", "IN_PROGRESS"] }, linkedVersionId: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (open)
    await tx.retrainingRequest.update({
      where: { id: open.id },
      data: { linkedVersionId: versionId, status: "IN_PROGRESS" },
    });
}
