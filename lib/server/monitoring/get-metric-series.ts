import "server-only";
import { getDb } from "@/lib/db/client";
import { chooseBucketSeconds, resolveRange, withGaps, type TBucketRow } from "@/lib/domain/charts/time-buckets";
import { defaultHealthRules } from "@/lib/domain/monitoring/health";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TSeriesQuery, TSeriesResponse } from "@/lib/schemas/series";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";

type Scope = { kind: "version"; versionId: string } | { kind: "model"; modelRef: string };

/**
 * Metric series bucketed in SQL (date_bin + avg/min/max), so a chart receives at most ~1,000 points per
 * metric whatever the range — plus deployment markers and the health thresholds to draw as lines.
 * Model scope spans every version of the model: the production history across deployments.
 */
export async function getMetricSeries({
  actor,
  scope,
  query,
  now = Date.now(),
}: {
  actor: TActor;
  scope: Scope;
  query: TSeriesQuery;
  now?: number;
}): Promise<TSeriesResponse> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const range = resolveRange(query, now);
  if ("error" in range)
    throw new AppError("VALIDATION_FAILED", range.error, { errors: [{ path: "query.from", message: range.error }] });
  const { fromMs, toMs } = range;
  const bucket = chooseBucketSeconds(fromMs, toMs);

  let modelId: string;
  let versionIds: string[];
  if (scope.kind === "version") {
    const v = await db.modelVersion.findUnique({ where: { id: scope.versionId }, select: { id: true, modelId: true } });
    if (!v) throw new AppError("NOT_FOUND", `No version "${scope.versionId}".`);
    modelId = v.modelId;
    versionIds = [v.id];
  } else {
    modelId = (await findModelRef(db, scope.modelRef)).id;
    versionIds = (await db.modelVersion.findMany({ where: { modelId }, select: { id: true } })).map((v) => v.id);
  }

  const [rows, deployments, model] = await Promise.all([
    readBuckets(db, { versionIds, names: query.names, environment: query.environment, fromMs, toMs, bucket }),
    db.deployment.findMany({
      where: {
        modelId,
        environment: { name: query.environment },
        deployedAt: { gte: new Date(fromMs), lt: new Date(toMs) },
        ...(scope.kind === "version" ? { versionId: scope.versionId } : {}),
      },
      select: { deployedAt: true, reason: true, status: true, version: { select: { number: true } } },
      orderBy: { deployedAt: "asc" },
    }),
    db.model.findUniqueOrThrow({ where: { id: modelId }, select: { problemType: true } }),
  ]);

  const byName = new Map<string, TBucketRow[]>(query.names.map((n) => [n, []]));
  for (const r of rows)
    byName.get(r.name)?.push({ t: r.t.getTime(), avg: r.avg, min: r.min, max: r.max, count: r.count });
  const rules = defaultHealthRules(model.problemType);
  return {
    from: fromMs,
    to: toMs,
    bucketSeconds: bucket,
    series: query.names.map((name) => ({ name, points: withGaps(byName.get(name) ?? [], bucket) })),
    markers: deployments.map((d) => ({
      t: d.deployedAt.getTime(),
      label: `v${d.version.number} deployed`,
      kind: "deployment" as const,
    })),
    thresholds: rules
      .filter((r) => query.names.includes(r.metric))
      .map((r) => ({ metric: r.metric, warning: r.warning, critical: r.critical })),
  };
}

type TBucketSqlRow = { t: Date; name: string; avg: number; min: number; max: number; count: number };
const HOUR_SECONDS = 3600;
const HOUR_MS = HOUR_SECONDS * 1000;

/**
 * Buckets of whole hours (30-day ranges and longer) are built from the hourly rollups, so the work grows with the
 * number of hours, not of points: the whole hours inside the range come from metric_rollups, the two partial hours
 * at its edges from the points themselves, so the answer equals bucketing every point (up to float rounding of the
 * average). Shorter buckets read the points (a 7-day range holds at most 7/90 of a 90-day table).
 * Hours and buckets share date_bin's UTC origin, so hours nest exactly in buckets.
 */
export async function readBuckets(
  db: Awaited<ReturnType<typeof getDb>>,
  o: { versionIds: string[]; names: string[]; environment: string; fromMs: number; toMs: number; bucket: number },
): Promise<TBucketSqlRow[]> {
  const from = new Date(o.fromMs).toISOString();
  const to = new Date(o.toMs).toISOString();
  const fullFromMs = Math.ceil(o.fromMs / HOUR_MS) * HOUR_MS;
  const fullToMs = Math.floor(o.toMs / HOUR_MS) * HOUR_MS;
  if (o.bucket % HOUR_SECONDS !== 0 || fullFromMs >= fullToMs) {
    return db.$queryRaw<TBucketSqlRow[]>`
      SELECT date_bin(make_interval(secs => ${o.bucket}::int), ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
             name, avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, count(*)::int AS count
      FROM metric_points
      WHERE "versionId" = ANY(${o.versionIds}::text[]) AND name = ANY(${o.names}::text[]) AND environment = ${o.environment}
        AND ts >= ${from}::timestamptz AND ts < ${to}::timestamptz
      GROUP BY 1, 2`;
  }
  const fullFrom = new Date(fullFromMs).toISOString();
  const fullTo = new Date(fullToMs).toISOString();
  return db.$queryRaw<TBucketSqlRow[]>`
    SELECT date_bin(make_interval(secs => ${o.bucket}::int), x.t, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
           x.name, (sum(x.s) / sum(x.c))::float8 AS avg, min(x.mn)::float8 AS min, max(x.mx)::float8 AS max, sum(x.c)::int AS count
    FROM (
      SELECT hour AS t, name, count AS c, sum AS s, min AS mn, max AS mx
      FROM metric_rollups
      WHERE "versionId" = ANY(${o.versionIds}::text[]) AND name = ANY(${o.names}::text[]) AND environment = ${o.environment}
        AND hour >= ${fullFrom}::timestamptz AND hour < ${fullTo}::timestamptz
      UNION ALL
      SELECT ts, name, 1, value, value, value
      FROM metric_points
      WHERE "versionId" = ANY(${o.versionIds}::text[]) AND name = ANY(${o.names}::text[]) AND environment = ${o.environment}
        AND ((ts >= ${from}::timestamptz AND ts < ${fullFrom}::timestamptz) OR (ts >= ${fullTo}::timestamptz AND ts < ${to}::timestamptz))
    ) x
    GROUP BY 1, 2`;
}
