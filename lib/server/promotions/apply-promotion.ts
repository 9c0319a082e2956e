import "server-only";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/db/new-id";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { appendAuditEvents, type AuditActor, type AuditInput } from "../audit/append-audit-event";
import { enqueueEvents, type TOutboxEvent } from "../webhooks/enqueue-event";

/**
 * Audit events and outbox events a use case collects as it goes and writes at its end in two statements
 * (flushWrites), whatever their number: the statement budgets of issue 13 count each round trip.
 */
export type TPendingWrites = { audit: AuditInput[]; outbox: TOutboxEvent[] };

export function collectWrites(): TPendingWrites {
  return { audit: [], outbox: [] };
}

export async function flushWrites(tx: Tx, w: TPendingWrites): Promise<void> {
  await appendAuditEvents(tx, w.audit);
  await enqueueEvents(tx, w.outbox);
  w.audit.length = 0;
  w.outbox.length = 0;
}

/**
 * Moves a version to its new stage inside the caller's transaction (which holds the model row lock): stage
 * history, audit, outbox event. Entering MONITORING supersedes the model's previous live version (one live
 * version per model). `liveVersions` (the model's other MONITORING versions) and `requestApplied` (the caller
 * already marked the request APPLIED in its own update) save statements for callers that know them;
 * `writes` defers audit and outbox to the caller's flush.
 */
export async function applyPromotion(
  tx: Tx,
  o: {
    actor: AuditActor;
    requestId: string;
    versionId: string;
    modelId: string;
    number: number;
    from: TStage;
    to: TStage;
    reason: string;
    liveVersions?: { id: string; number: number }[];
    requestApplied?: boolean;
    writes?: TPendingWrites;
    now?: Date;
  },
): Promise<void> {
  const now = o.now ?? new Date();
  const writes = o.writes ?? collectWrites();
  await tx.modelVersion.update({
    where: { id: o.versionId },
    data: { stage: o.to, status: "READY", stageChangedAt: now },
    select: { id: true },
  });
  const history: {
    id: string;
    versionId: string;
    fromStage: TStage;
    toStage: TStage;
    requestId: string | null;
    actorId: string | null;
    reason: string;
    enteredAt: Date;
  }[] = [
    {
      id: newId(),
      versionId: o.versionId,
      fromStage: o.from,
      toStage: o.to,
      requestId: o.requestId,
      actorId: o.actor.userId ?? null,
      reason: o.reason,
      enteredAt: now,
    },
  ];
  if (o.to === "MONITORING") {
    const previous =
      o.liveVersions ??
      (await tx.modelVersion.findMany({
        where: { modelId: o.modelId, stage: "MONITORING", id: { not: o.versionId } },
        select: { id: true, number: true },
      }));
    if (previous.length) {
      await tx.modelVersion.updateMany({
        where: { id: { in: previous.map((p) => p.id) } },
        data: { stage: "ARCHIVED", stageChangedAt: now },
      });
      for (const p of previous) {
        history.push({
          id: newId(),
          versionId: p.id,
          fromStage: "MONITORING",
          toStage: "ARCHIVED",
          requestId: null,
          actorId: o.actor.userId ?? null,
          reason: `Superseded by v${o.number}`,
          enteredAt: now,
        });
      }
    }
  }
  await tx.stageHistory.createMany({ data: history });
  if (!o.requestApplied)
    await tx.transitionRequest.update({
      where: { id: o.requestId },
      data: { status: "APPLIED", appliedAt: now, decidedAt: now },
      select: { id: true },
    });
  await tx.model.update({ where: { id: o.modelId }, data: { updatedAt: now }, select: { id: true } });
  writes.audit.push({
    actor: o.actor,
    action: "version.stage_changed",
    entityType: "version",
    entityId: o.versionId,
    modelId: o.modelId,
    before: { stage: o.from },
    after: { stage: o.to },
    metadata: { requestId: o.requestId },
  });
  writes.outbox.push({
    type: "version.stage_changed",
    payload: {
      modelId: o.modelId,
      versionId: o.versionId,
      version: o.number,
      from: o.from,
      to: o.to,
      requestId: o.requestId,
    },
  });
  if (!o.writes) await flushWrites(tx, writes);
}
