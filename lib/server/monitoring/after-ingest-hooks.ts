import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TMetricsIngestedEvent } from "../alerts/ingest-events";
import { evaluateAlertsAfterMetrics } from "../alerts/evaluate-after-ingest";

/** Runs inside the ingestion transaction: what it writes commits with the points, or not at all. */
export type TAfterMetricsIngested = (tx: Tx, event: TMetricsIngestedEvent) => Promise<void>;

/**
 * Work that follows every stored batch of metric points (the metrics counterpart of after-window-ingested.ts):
 * alert-rule evaluation for the metric and staleness rules of the version. Listed here so what runs after
 * ingestion is visible in one place. Mutable only so bench/alerts.bench.ts can time ingestion without it.
 */
export const AFTER_METRICS_INGESTED: TAfterMetricsIngested[] = [evaluateAlertsAfterMetrics];

/** What the hooks are told about a stored batch, in one pass over its rows. */
export function summarizeBatch(
  rows: readonly { name: string; environment: string; ts: Date }[],
): Pick<TMetricsIngestedEvent, "names" | "environments" | "newestAt"> {
  const names = new Set<string>();
  const newestAt: Record<string, Date> = {};
  for (const r of rows) {
    names.add(r.name);
    const seen = newestAt[r.environment];
    if (!seen || r.ts > seen) newestAt[r.environment] = r.ts;
  }
  return { names: [...names], environments: Object.keys(newestAt), newestAt };
}

export async function runAfterMetricsIngested(tx: Tx, event: TMetricsIngestedEvent): Promise<void> {
  for (const hook of AFTER_METRICS_INGESTED) await hook(tx, event);
}
