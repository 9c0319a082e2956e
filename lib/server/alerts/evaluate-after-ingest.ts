import "server-only";
import type { Tx } from "@/lib/db/client";
import { METRIC_KINDS, WINDOW_KINDS } from "@/lib/domain/alerts/alert-rules";
import type { TMetricsIngestedEvent, TWindowIngestedEvent } from "./ingest-events";
import { evaluateModelAlerts } from "./evaluate-alert-rules";

/**
 * "Rules are evaluated when data arrives": the ingestion hooks (lib/server/monitoring). Each evaluates only
 * what the arrived data can change — the rules watching that version, of the kinds that data feeds (metric
 * rules on the metrics in the batch; drift and quality rules after a window), plus staleness, which any data
 * clears — inside the ingestion's transaction. Data from a non-production environment changes no alert.
 * The rest (other versions, rules disabled or watching nothing) is the schedule's.
 */
export async function evaluateAlertsAfterMetrics(tx: Tx, e: TMetricsIngestedEvent): Promise<void> {
  await evaluateModelAlerts(tx, {
    modelId: e.modelId,
    now: e.now,
    versionId: e.versionId,
    kinds: [...METRIC_KINDS, "STALENESS"],
    metricNames: e.names,
    dataEnvironments: e.environments,
    knownDataAt: e.newestAt,
  });
}

export async function evaluateAlertsAfterWindow(tx: Tx, e: TWindowIngestedEvent): Promise<void> {
  await evaluateModelAlerts(tx, {
    modelId: e.modelId,
    now: e.now,
    versionId: e.versionId,
    kinds: [...WINDOW_KINDS, "STALENESS"],
    dataEnvironments: [e.environment],
    knownDataAt: { [e.environment]: e.windowEnd },
  });
}
