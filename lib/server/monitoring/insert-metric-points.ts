import "server-only";
import type { Tx, Db } from "@/lib/db/client";

export type MetricPointRow = { versionId: string; environment: string; name: string; value: number; ts: Date };

const CHUNK = 20_000;

/**
 * Bulk insert through one `INSERT … SELECT FROM unnest(arrays)` per chunk: a single statement with five
 * array parameters instead of thousands of bound values, an order of magnitude faster than createMany.
 */
export async function insertMetricPoints(db: Tx | Db, rows: MetricPointRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    inserted += await db.$executeRaw`
      INSERT INTO metric_points ("versionId", environment, name, value, ts)
      SELECT * FROM unnest(
        ${part.map((r) => r.versionId)}::text[],
        ${part.map((r) => r.environment)}::text[],
        ${part.map((r) => r.name)}::text[],
        ${part.map((r) => r.value)}::float8[],
        ${part.map((r) => r.ts.toISOString())}::timestamptz[])`;
  }
  return inserted;
}
