import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { AuditActor } from "../audit/append-audit-event";
import { appendAuditEvent } from "../audit/append-audit-event";
import { enqueueEvent } from "../webhooks/enqueue-event";

/**
 * Moves a version to its new stage inside the caller's transaction: stage history, audit, outbox event.
 * Entering MONITORING supersedes the model's previous live version (one live version per model).
 */
export async function applyTransition(
  tx: Tx,
  o: { actor: AuditActor; requestId: string; versionId: string; modelId: string; number: number; from: TStage; to: TStage; reason: string },
): Promise<void> {
  const now = new Date();
  await tx.modelVersion.update({ where: { id: o.versionId }, data: { stage: o.to, status: "READY", stageChangedAt: now } });
  await tx.stageHistory.create({ data: { versionId: o.versionId, fromStage: o.from, toStage: o.to, requestId: o.requestId, actorId: o.actor.userId ?? null, reason: o.reason, enteredAt: now } });
  await tx.transitionRequest.update({ where: { id: o.requestId }, data: { status: "APPLIED", appliedAt: now, decidedAt: now } });
  if (o.to === "MONITORING") {
    const previous = await tx.modelVersion.findMany({ where: { modelId: o.modelId, stage: "MONITORING", id: { not: o.versionId } }, select: { id: true, number: true } });
    for (const p of previous) {
      await tx.modelVersion.update({ where: { id: p.id }, data: { stage: "ARCHIVED", stageChangedAt: now } });
      await tx.stageHistory.create({ data: { versionId: p.id, fromStage: "MONITORING", toStage: "ARCHIVED", actorId: o.actor.userId ?? null, reason: `Superseded by v${o.number}`, enteredAt: now } });
    }
  }
  await tx.model.update({ where: { id: o.modelId }, data: { updatedAt: now } });
  await appendAuditEvent(tx, { actor: o.actor, action: "version.stage_changed", entityType: "version", entityId: o.versionId, modelId: o.modelId, before: { stage: o.from }, after: { stage: o.to }, metadata: { requestId: o.requestId } });
  await enqueueEvent(tx, "version.stage_changed", { modelId: o.modelId, versionId: o.versionId, version: o.number, from: o.from, to: o.to, requestId: o.requestId });
}
