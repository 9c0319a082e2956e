import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TIngestSamplesQuery, TIngestWindowResponse } from "@/lib/schemas/monitoring";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { runIdempotent, type TIdempotency, type TIdempotentResult } from "../http/idempotency";
import { runAfterWindowIngested } from "./after-window-ingested";
import { analyzeAgainstReference } from "./analyze-against-reference";
import { loadImportanceValues } from "../importance/importance-dto";
import { findIngestTarget } from "./find-ingest-target";
import { MAX_POINT_AGE_DAYS, MAX_POINT_LEAD_DAYS } from "./ingest-metrics";
import { assertKnownEnvironments } from "./known-environments";
import { productionEnvironments, refreshVersionHealth } from "./refresh-version-health";
import { storeWindow } from "./store-window";
import type { TColumnsInput } from "./validate-columns-input";

const DAY = 86_400_000;

/**
 * Window bounds are held to the metric points' range (MAX_POINT_AGE_DAYS back, MAX_POINT_LEAD_DAYS ahead):
 * health reads the latest-ending window, so one dated in 9999 would pin a version's health for good.
 */
function assertWindowInRange(start: Date, end: Date, now: Date): void {
  const oldest = now.getTime() - MAX_POINT_AGE_DAYS * DAY;
  const newest = now.getTime() + MAX_POINT_LEAD_DAYS * DAY;
  const errors = [
    ...(start.getTime() < oldest
      ? [{ path: "query.windowStart", message: `Older than ${MAX_POINT_AGE_DAYS} days.` }]
      : []),
    ...(end.getTime() > newest
      ? [
          {
            path: "query.windowEnd",
            message: `More than ${MAX_POINT_LEAD_DAYS} day in the future; check the sender's clock.`,
          },
        ]
      : []),
  ];
  if (errors.length)
    throw new AppError("VALIDATION_FAILED", "The window is outside the accepted range; nothing was stored.", {
      errors,
    });
}

/**
 * Ingests one window of production rows: validates them against the feature schema, measures drift of
 * every feature and of the predictions against the reference dataset (409 without one), quality when
 * labels exist, and stores the window, its drift results, the audit event and the version's new health
 * in one transaction. The statistics run before the transaction so it stays short.
 */
export async function ingestSamples(o: {
  actor: TActor;
  versionId: string;
  input: TColumnsInput;
  query: TIngestSamplesQuery;
  idempotency: TIdempotency | null;
  now?: Date;
}): Promise<TIdempotentResult<TIngestWindowResponse>> {
  requirePermission(o.actor, "monitoring:ingest");
  const now = o.now ?? new Date();
  const windowEnd = o.query.windowEnd ? new Date(o.query.windowEnd) : now;
  const windowStart = o.query.windowStart ? new Date(o.query.windowStart) : new Date(windowEnd.getTime() - DAY);
  assertWindowInRange(windowStart, windowEnd, now);
  const db = await getDb();
  await assertKnownEnvironments(db, [o.query.environment], () => "query.environment");
  const target = await findIngestTarget(db, o.actor, o.versionId);
  const { problemType, datasetDriftThreshold } = target.model;
  return runIdempotent({
    db,
    idempotency: o.idempotency,
    status: 201,
    prepare: async () => {
      const [stored, importance] = await Promise.all([
        db.referenceDataset.findUnique({ where: { versionId: target.id }, select: { columns: true } }),
        loadImportanceValues(db, target.id),
      ]);
      if (!stored)
        throw new AppError(
          "CONFLICT",
          "Register the version's reference dataset (POST …/reference) before sending production samples: drift is measured against it.",
        );
      return {
        ...analyzeAgainstReference({
          schema: target.featureSchema,
          problemType,
          datasetDriftThreshold,
          referenceColumns: stored.columns,
          input: o.input,
        }),
        importance,
      };
    },
    write: async (tx, { batch, findings, rowCount, analysis, importance }): Promise<TIngestWindowResponse> => {
      // Lock order (docs/ARCHITECTURE.md): this writes the version's (and maybe the model's) health.
      await lockModel(tx, { modelId: target.modelId });
      const window = await storeWindow(tx, {
        versionId: target.id,
        environment: o.query.environment,
        windowStart,
        windowEnd,
        batch,
        rowCount,
        findings,
        analysis,
        importance,
      });
      await appendAuditEvent(tx, {
        actor: o.actor,
        action: "monitoring.window_ingested",
        entityType: "version",
        entityId: target.id,
        modelId: target.modelId,
        after: {
          windowId: window.id,
          environment: o.query.environment,
          windowStart,
          windowEnd,
          rowCount,
          driftedShare: analysis.datasetDrift.drifted_share,
          health: window.summary.health,
        },
      });
      const isProduction = (await productionEnvironments(tx)).includes(o.query.environment);
      const versionHealth = isProduction
        ? await refreshVersionHealth(tx, { versionId: target.id, modelId: target.modelId, problemType, now })
        : null;
      await runAfterWindowIngested(tx, {
        actor: o.actor,
        versionId: target.id,
        modelId: target.modelId,
        windowId: window.id,
        environment: o.query.environment,
        windowEnd,
        summary: window.summary,
        now,
      });
      return {
        windowId: window.id,
        environment: o.query.environment,
        windowStart: windowStart.toISOString(),
        windowEnd: windowEnd.toISOString(),
        rowCount,
        findings,
        drift: window.drift.map(({ feature, method, value, pValue, drifted }) => ({
          feature,
          method,
          value,
          pValue,
          drifted,
        })),
        datasetDrift: analysis.datasetDrift,
        quality: analysis.quality,
        health: window.summary.health,
        reasons: window.summary.reasons,
        weightedDrift: window.summary.weightedDrift ?? null,
        versionHealth,
      };
    },
    transactionOptions: { timeoutMs: 60_000 },
  });
}
