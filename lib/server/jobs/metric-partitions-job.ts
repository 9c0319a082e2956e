import "server-only";
import { openDatabase } from "@/lib/db/client";
import { ensureMetricPartitions } from "@/lib/db/metric-partitions";
import type { Job } from "./scheduler";

/**
 * Keeps the monthly metric_points partitions ahead of time on PostgreSQL (the current month and the next
 * METRIC_PARTITION_MONTHS_AHEAD), so points never pile up in the default partition. Daily, once across instances:
 * a month missed for three months in a row is the only way to fall behind. PGlite keeps one table: nothing to do.
 */
export async function runMetricPartitionsJob(now = new Date()): Promise<{ created: string[] } | { skipped: "pglite" }> {
  const { connection } = await openDatabase();
  if (connection.kind !== "postgres") return { skipped: "pglite" };
  const { created } = await ensureMetricPartitions(connection.runner, now);
  return { created };
}

export const METRIC_PARTITIONS_JOB: Job = {
  name: "metric-partitions",
  everyMs: 24 * 60 * 60 * 1000,
  oncePerPeriod: true,
  run: () => runMetricPartitionsJob(),
};
