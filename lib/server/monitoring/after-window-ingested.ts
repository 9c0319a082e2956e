import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TWindowSummary } from "@/lib/schemas/monitoring";
import { evaluateAlertsAfterWindow } from "../alerts/evaluate-after-ingest";

export type TWindowIngestedEvent = {
  actor: TActor;
  versionId: string;
  modelId: string;
  windowId: string;
  environment: string;
  windowEnd: Date;
  summary: TWindowSummary;
  /** The ingestion's clock (tests pass their own). */
  now: Date;
};

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
