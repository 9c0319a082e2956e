import "server-only";
import type { Tx } from "@/lib/db/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateKey } from "@/lib/domain/mlflow/validation";
import { deriveVersionEvidence } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { dedupe } from "./create-registered-model";
import { mlflowError } from "./mlflow-error";
import { loadRunEvidence, requireActiveRun, requireRun, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

export type TMetricInput = { key: string; value: number; timestamp: number; step: number };

/**
 * logBatch — and logMetric, logParam, setTag, which are batches of one. MLflow's limits (≤ 1000 metrics,
 * ≤ 100 params, ≤ 100 tags, ≤ 1000 in all); params are immutable once logged (same value is fine).
 * Metrics are appended to the history in one INSERT … unnest. Versions registered from this run that are
 * still in DESIGN with no request under way take the run's new latest metrics as their evaluation metrics
 * (audited); once a version asked for a gate, its evidence no longer moves.
 */
export async function logRunData({
  actor,
  runId,
  metrics,
  params,
  tags,
}: {
  actor: TActor;
  runId: string;
  metrics: TMetricInput[];
  params: TKeyValue[];
  tags: TKeyValue[];
}): Promise<void> {
  requirePermission(actor, "versions:register");
  checkBatch(metrics, params, tags);
  await runTransaction(async (tx) => {
    const run = await requireRun(tx, runId);
    requireTrackingWrite(actor, run, "run");
    requireActiveRun(run);
    if (params.length) await logParams(tx, run.id, params);
    for (const t of dedupe(tags))
      await tx.mlflowRunTag.upsert({
        where: { runId_key: { runId: run.id, key: t.key } },
        create: { runId: run.id, ...t },
        update: { value: t.value },
      });
    if (tags.some((t) => t.key === "mlflow.runName"))
      await tx.mlflowRun.update({
        where: { id: run.id },
        data: { name: dedupe(tags).find((t) => t.key === "mlflow.runName")!.value },
      });
    if (metrics.length) {
      // Doubles travel as text so NaN and infinities survive every driver; int64s as text for the same reason.
      await tx.$executeRaw`
        INSERT INTO mlflow_run_metrics ("runId", key, value, timestamp, step)
        SELECT ${run.id}, k, v::float8, t::bigint, s::bigint
        FROM unnest(${metrics.map((m) => m.key)}::text[], ${metrics.map((m) => String(m.value))}::text[], ${metrics.map((m) => String(m.timestamp))}::text[], ${metrics.map((m) => String(m.step))}::text[]) AS x(k, v, t, s)`;
      await syncDesignVersions(tx, actor, run.id);
    }
  });
}

function checkBatch(metrics: TMetricInput[], params: TKeyValue[], tags: TKeyValue[]): void {
  if (metrics.length > LIMITS.batchMetrics)
    throw new MlflowInputError(
      `A batch logging request can contain at most ${LIMITS.batchMetrics} metrics. Got ${metrics.length} metrics.`,
    );
  if (params.length > LIMITS.batchParams)
    throw new MlflowInputError(
      `A batch logging request can contain at most ${LIMITS.batchParams} params. Got ${params.length} params.`,
    );
  if (tags.length > LIMITS.batchTags)
    throw new MlflowInputError(
      `A batch logging request can contain at most ${LIMITS.batchTags} tags. Got ${tags.length} tags.`,
    );
  const total = metrics.length + params.length + tags.length;
  if (total > LIMITS.batchTotal)
    throw new MlflowInputError(
      `A batch logging request can contain at most ${LIMITS.batchTotal} total metrics, params and tags. Got ${total} in all.`,
    );
  for (const m of metrics) validateKey("metric", m.key);
  for (const p of params) {
    validateKey("param", p.key);
    checkLength("Param value", p.value, LIMITS.paramValue);
  }
  for (const t of tags) {
    validateKey("tag", t.key);
    checkLength("Tag value", t.value, LIMITS.runTagValue);
  }
  const seen = new Map<string, string>();
  for (const p of params) {
    if (seen.has(p.key) && seen.get(p.key) !== p.value)
      throw new MlflowInputError(`Duplicate parameter keys have been submitted: '${p.key}' with different values.`);
    seen.set(p.key, p.value);
  }
}

async function logParams(tx: Tx, runId: string, params: TKeyValue[]): Promise<void> {
  const unique = dedupe(params);
  const existing = await tx.mlflowRunParam.findMany({
    where: { runId, key: { in: unique.map((p) => p.key) } },
    select: { key: true, value: true },
  });
  const before = new Map(existing.map((p) => [p.key, p.value]));
  for (const p of unique) {
    const old = before.get(p.key);
    if (old !== undefined && old !== p.value) {
      throw mlflowError(
        "INVALID_PARAMETER_VALUE",
        `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
      );
    }
  }
  const fresh = unique.filter((p) => !before.has(p.key));
  if (fresh.length) await tx.mlflowRunParam.createMany({ data: fresh.map((p) => ({ runId, ...p })) });
}

async function syncDesignVersions(tx: Tx, actor: TActor, runId: string): Promise<void> {
  const versions = await tx.modelVersion.findMany({
    where: { runId, stage: "DESIGN", status: "READY", mlflowDeletedAt: null },
    select: { id: true, modelId: true, metrics: true, artifactUri: true },
  });
  if (!versions.length) return;
  const run = await loadRunEvidence(tx, runId);
  for (const v of versions) {
    const metrics = deriveVersionEvidence(run, [], v.artifactUri).metrics;
    if (JSON.stringify(metrics) === JSON.stringify(v.metrics)) continue;
    await tx.modelVersion.update({ where: { id: v.id }, data: { metrics } });
    await appendAuditEvent(tx, {
      actor,
      action: "version.metrics_synced",
      entityType: "version",
      entityId: v.id,
      modelId: v.modelId,
      before: { metrics: v.metrics },
      after: { metrics },
      metadata: { via: "mlflow", runId },
    });
  }
}
