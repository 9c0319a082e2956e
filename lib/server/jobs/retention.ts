import "server-only";
import { getDb, openDatabase, type Db } from "@/lib/db/client";
import { dropExpiredMetricPartitions, isMetricPointsPartitioned } from "@/lib/db/metric-partitions";
import { getEnv } from "@/lib/env";
import type { Job } from "./scheduler";

/**
 * The daily retention pass (once per day across instances). Deletes, in batches of BATCH rows per statement
 * so no lock is held long:
 * - raw metric points older than MODELGATE_RETENTION_POINTS_DAYS (default 400): the hourly rollups stay,
 *   so long-range charts keep their history. On PostgreSQL (monthly partitions, lib/db/metric-partitions.ts) every
 *   month that ended before the cutoff is dropped whole; rows are deleted only in the month the cutoff falls in
 *   (a day's points per daily pass) and in the default partition, so the pass never deletes months of rows;
 * - idempotency keys older than MODELGATE_RETENTION_IDEMPOTENCY_HOURS (default 24): retries come within minutes;
 * - webhook deliveries that SUCCEEDED more than MODELGATE_RETENTION_DELIVERIES_DAYS ago (default 30), with
 *   their attempts, then outbox events of that age left without any delivery. Failed deliveries stay (for
 *   redelivery), and so do their events.
 * The audit log is never deleted (its trigger refuses DELETE anyway).
 */
export const RETENTION_BATCH = 5_000;
export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

export type TRetentionCounts = {
  metricPoints: number;
  idempotencyKeys: number;
  deliveries: number;
  deliveryAttempts: number;
  outboxEvents: number;
};

export type TRetentionPolicy = { pointsDays: number; idempotencyHours: number; deliveriesDays: number };

export function retentionPolicy(): TRetentionPolicy {
  const env = getEnv();
  return {
    pointsDays: env.MODELGATE_RETENTION_POINTS_DAYS,
    idempotencyHours: env.MODELGATE_RETENTION_IDEMPOTENCY_HOURS,
    deliveriesDays: env.MODELGATE_RETENTION_DELIVERIES_DAYS,
  };
}

async function repeat(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < RETENTION_BATCH) return total;
  }
}

export async function runRetention(
  o: { db?: Db; now?: Date; policy?: TRetentionPolicy } = {},
): Promise<TRetentionCounts> {
  const db = o.db ?? (await getDb());
  const p = o.policy ?? retentionPolicy();
  const at = o.now?.toISOString() ?? null;
  const counts: TRetentionCounts = {
    metricPoints: 0,
    idempotencyKeys: 0,
    deliveries: 0,
    deliveryAttempts: 0,
    outboxEvents: 0,
  };

  const cutoff = new Date((o.now?.getTime() ?? Date.now()) - p.pointsDays * 86_400_000);
  const { connection } = await openDatabase();
  if (connection.kind === "postgres" && (await isMetricPointsPartitioned(connection.runner))) {
    counts.metricPoints += (await dropExpiredMetricPartitions(connection.runner, cutoff)).points;
  }
  counts.metricPoints += await repeat(
    () => db.$executeRaw`
    DELETE FROM metric_points WHERE id IN (
      SELECT id FROM metric_points WHERE ts < COALESCE(${at}::timestamptz, now()) - ${p.pointsDays}::int * interval '1 day' LIMIT ${RETENTION_BATCH}::int)`,
  );

  counts.idempotencyKeys = await repeat(
    () => db.$executeRaw`
    DELETE FROM idempotency_keys WHERE (scope, key) IN (
      SELECT scope, key FROM idempotency_keys WHERE "createdAt" < COALESCE(${at}::timestamptz, now()) - ${p.idempotencyHours}::int * interval '1 hour' LIMIT ${RETENTION_BATCH}::int)`,
  );

  await repeat(async () => {
    const [row] = await db.$queryRaw<{ deliveries: number; attempts: number }[]>`
      WITH batch AS (
        SELECT id FROM webhook_deliveries
         WHERE status = 'SUCCEEDED' AND "completedAt" < COALESCE(${at}::timestamptz, now()) - ${p.deliveriesDays}::int * interval '1 day'
         LIMIT ${RETENTION_BATCH}::int),
      attempts AS (DELETE FROM delivery_attempts WHERE "deliveryId" IN (SELECT id FROM batch) RETURNING 1),
      deliveries AS (DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM batch) RETURNING 1)
      SELECT (SELECT count(*) FROM deliveries)::int AS deliveries, (SELECT count(*) FROM attempts)::int AS attempts`;
    counts.deliveries += row?.deliveries ?? 0;
    counts.deliveryAttempts += row?.attempts ?? 0;
    return row?.deliveries ?? 0;
  });

  counts.outboxEvents = await repeat(
    () => db.$executeRaw`
    DELETE FROM outbox_events WHERE id IN (
      SELECT e.id FROM outbox_events AS e
       WHERE e."createdAt" < COALESCE(${at}::timestamptz, now()) - ${p.deliveriesDays}::int * interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS d WHERE d."eventId" = e.id)
       LIMIT ${RETENTION_BATCH}::int)`,
  );
  return counts;
}

/** Registered at start-up: once a day across all instances; its log line carries the counts. */
export const RETENTION_JOB: Job = {
  name: "retention",
  everyMs: RETENTION_EVERY_MS,
  oncePerPeriod: true,
  leaseMs: 60 * 60 * 1000,
  run: () => runRetention(),
};
