import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { appendAuditEvent, type AuditActor } from "../audit/append-audit-event";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { retrainingRequestedText } from "@/lib/domain/notifications/notification-text";
import { notifyModelOwners } from "../notifications/notify";

const RETRAINING_TRIGGER: AuditActor = { kind: "system", name: "alert evaluator" };

/**
 * Opens a retraining request for a model whose retrain rule stays violated, inside the evaluation's
 * transaction, unless the model already has an active one (OPEN or IN_PROGRESS): the insert is guarded by the
 * partial unique index retraining_requests_one_active_per_model, so of two evaluations racing only one opens
 * it, audits it and emits `retraining.requested` with the evidence, for the CI/CD pipeline that retrains.
 * Returns the new request's id, or null when one was active already.
 */
export async function openRetrainingRequest(
  tx: Tx,
  o: { modelId: string; alertId: string; evidence: Record<string, unknown>; now: Date },
): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ id: string; slug: string }[]>`
    INSERT INTO retraining_requests (id, "modelId", "alertId", status, evidence, "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${o.modelId}, ${o.alertId}, 'OPEN', ${JSON.stringify(o.evidence)}::jsonb, ${o.now.toISOString()}::timestamptz, ${o.now.toISOString()}::timestamptz)
    ON CONFLICT ("modelId") WHERE status IN ('OPEN', 'IN_PROGRESS') DO NOTHING
    RETURNING id, (SELECT slug FROM models WHERE id = ${o.modelId}) AS slug`;
  if (!row) return null;
  await appendAuditEvent(tx, {
    actor: RETRAINING_TRIGGER,
    action: "retraining.requested",
    entityType: "retraining_request",
    entityId: row.id,
    modelId: o.modelId,
    after: { alertId: o.alertId, rule: o.evidence.rule },
  });
  const rule = (o.evidence.rule as { name?: string } | undefined)?.name ?? "alert rule";
  await notifyModelOwners(tx, o.modelId, retrainingRequestedText({ modelSlug: row.slug, rule }), {
    actorId: null,
    actorLabel: RETRAINING_TRIGGER.name,
  });
  await enqueueEvent(tx, "retraining.requested", {
    retrainingRequestId: row.id,
    modelId: o.modelId,
    modelSlug: row.slug,
    alertId: o.alertId,
    evidence: o.evidence,
  });
  return row.id;
}
