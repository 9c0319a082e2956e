import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TWindowSummary } from "@/lib/schemas/monitoring";

/**
 * What ingestion tells the work that follows it (lib/server/monitoring/after-*-ingested.ts). The shapes live
 * with the feature that reacts, so monitoring imports alerts (its hooks) and alerts never imports monitoring:
 * the dependency runs one way.
 */
export type TMetricsIngestedEvent = {
  actor: TActor;
  versionId: string;
  modelId: string;
  /** Distinct metric names and environments in the batch, and the newest timestamp per environment. */
  names: string[];
  environments: string[];
  newestAt: Record<string, Date>;
  /** The ingestion's clock (tests and benchmarks pass their own). */
  now: Date;
};

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
