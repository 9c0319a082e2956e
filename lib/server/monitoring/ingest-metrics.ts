import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError, type FieldError } from "@/lib/errors";
import type { TIngestMetricsRequestParsed, TIngestMetricsResponse } from "@/lib/schemas/monitoring";
import { requirePermission } from "../auth/get-actor";
import { runIdempotent, type TIdempotency, type TIdempotentResult } from "../http/idempotency";
import { runAfterMetricsIngested, summarizeBatch } from "./after-ingest-hooks";
import { findIngestTarget } from "./find-ingest-target";
import { recordIngestedPoints } from "../observability/metrics";
import { insertMetricPoints, type MetricPointRow } from "./insert-metric-points";
import { assertKnownEnvironments } from "./known-environments";

const DAY = 86_400_000;
/** Oldest and newest timestamps accepted, relative to now: late backfills yes, clock-skewed garbage no. */
export const MAX_POINT_AGE_DAYS = 400;
export const MAX_POINT_LEAD_DAYS = 1;

/**
 * Stores a batch of metric points for a version, all or nothing: one invalid point refuses the batch with
 * the index of every offending point. Not audited — points are observations, not changes, and a
 * 100,000-points/s stream must not serialise on the audit chain. `input` is the route's parse of
 * ZIngestMetricsRequest (typed as its output); unlike other use cases it is not parsed a second time,
 * because on the hottest path of the API that second parse cost as much as the insert.
 */
export async function ingestMetrics(o: {
  actor: TActor;
  versionId: string;
  input: TIngestMetricsRequestParsed;
  idempotency: TIdempotency | null;
  now?: Date;
}): Promise<TIdempotentResult<TIngestMetricsResponse>> {
  requirePermission(o.actor, "monitoring:ingest");
  const input = o.input;
  const db = await getDb();
  const target = await findIngestTarget(db, o.actor, o.versionId);
  const result = await runIdempotent({
    db,
    idempotency: o.idempotency,
    status: 201,
    prepare: async () => {
      const rows = toRows(target.id, input.points, o.now ?? new Date());
      await assertKnownEnvironmentsOfPoints(db, input.points);
      return rows;
    },
    write: async (tx, rows): Promise<TIngestMetricsResponse> => {
      const accepted = await insertMetricPoints(tx, rows);
      await runAfterMetricsIngested(tx, {
        actor: o.actor,
        versionId: target.id,
        modelId: target.modelId,
        ...summarizeBatch(rows),
        now: o.now ?? new Date(),
      });
      return { accepted, duplicate: false };
    },
  });
  if (!result.replayed) recordIngestedPoints(result.body.accepted);
  // A replay stored nothing new: say so in the body as well as in the Idempotent-Replayed header.
  return { ...result, body: { ...result.body, duplicate: result.replayed } };
}

/** The distinct environments of a batch, checked once each; errors name the first point of each unknown one. */
async function assertKnownEnvironmentsOfPoints(db: Db, points: readonly { environment: string }[]): Promise<void> {
  const firstIndex = new Map<string, number>();
  points.forEach((p, i) => firstIndex.has(p.environment) || firstIndex.set(p.environment, i));
  const names = [...firstIndex.keys()];
  await assertKnownEnvironments(db, names, (i) => `points.${firstIndex.get(names[i]!)}.environment`);
}

function toRows(
  versionId: string,
  points: { name: string; value: number; timestamp: string; environment: string }[],
  now: Date,
): MetricPointRow[] {
  const oldest = now.getTime() - MAX_POINT_AGE_DAYS * DAY;
  const newest = now.getTime() + MAX_POINT_LEAD_DAYS * DAY;
  const errors: FieldError[] = [];
  let bad = 0;
  const rows = points.map((p, i) => {
    const ts = new Date(p.timestamp);
    if (ts.getTime() < oldest || ts.getTime() > newest) {
      bad++;
      if (errors.length < 100) {
        errors.push({
          path: `points.${i}.timestamp`,
          message:
            ts.getTime() < oldest
              ? `Older than ${MAX_POINT_AGE_DAYS} days.`
              : `More than ${MAX_POINT_LEAD_DAYS} day in the future; check the sender's clock.`,
        });
      }
    }
    return { versionId, environment: p.environment, name: p.name, value: p.value, ts };
  });
  if (bad) {
    throw new AppError(
      "VALIDATION_FAILED",
      `${bad} point${bad === 1 ? " has a timestamp" : "s have timestamps"} outside the accepted range; nothing was stored.`,
      { errors },
    );
  }
  return rows;
}
