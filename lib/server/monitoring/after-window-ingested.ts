import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TWindowIngestedEvent } from "../alerts/ingest-events";
import { evaluateAlertsAfterWindow } from "../alerts/evaluate-after-ingest";

/** Runs inside the ingestion transaction: what it writes commits with the window, or not at all. */
export type TAfterWindowIngested = (tx: Tx, event: TWindowIngestedEvent) => Promise<void>;

/**
 * Work that follows every stored window: alert-rule evaluation (DATASET_DRIFT, FEATURE_PSI, DATA_QUALITY and
 * STALENESS rules, and the retraining requests they open). The list is deliberately static so what runs
 * after ingestion is visible in one place.
 */
export const AFTER_WINDOW_INGESTED: readonly TAfterWindowIngested[] = [evaluateAlertsAfterWindow];

export async function runAfterWindowIngested(tx: Tx, event: TWindowIngestedEvent): Promise<void> {
  for (const hook of AFTER_WINDOW_INGESTED) await hook(tx, event);
}
