import "server-only";
import { getDb } from "@/lib/db/client";
import { checkMaxResults, decodePageToken, pageOf } from "@/lib/domain/mlflow/page-token";
import type { TMetricFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireRun } from "./tracking-sql";

/** getMetricHistory: every logged point of one metric, by step then timestamp; paged when max_results is sent. */
export async function getMetricHistory({
  actor,
  runId,
  key,
  maxResults,
  pageToken,
}: {
  actor: TActor;
  runId: string;
  key: string;
  maxResults?: number;
  pageToken?: string;
}): Promise<{ items: TMetricFacts[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const run = await requireRun(db, runId);
  const limit = checkMaxResults(maxResults, 1_000_000, 1_000_000);
  const offset = decodePageToken(pageToken);
  const rows = await db.$queryRaw<{ value: number | string; timestamp: number; step: number }[]>`
    SELECT value::text AS value, timestamp::float8 AS timestamp, step::float8 AS step FROM mlflow_run_metrics
    WHERE "runId" = ${run.id} AND key = ${key} ORDER BY step, timestamp, id LIMIT ${limit + 1} OFFSET ${offset}`;
  // Values travel as text so NaN and infinities survive every driver.
  const points = rows.map((r) => ({
    key,
    value: Number(r.value),
    timestamp: Number(r.timestamp),
    step: Number(r.step),
  }));
  return pageOf(points, offset, limit);
}
