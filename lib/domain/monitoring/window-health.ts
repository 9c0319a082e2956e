/**
 * Health of a version from one analysed production window, and how it combines with the metric-based
 * health of lib/domain/monitoring/health.ts. The rule (also in docs/ARCHITECTURE.md, "Monitoring"):
 *
 * Window health
 * - UNKNOWN when no feature could be judged (nothing present on both sides) and there is no labelled quality.
 * - Dataset drift (share of drifted features ≥ the model's threshold, 0.5 by default) → WARNING;
 *   a share ≥ 2 × threshold (capped at 1: every judged feature drifted at the default) → CRITICAL.
 * - Prediction drift (the score/prediction distribution drifted by the same decision rule as a numeric
 *   feature) → WARNING: it is the earliest sign of trouble when labels arrive late.
 * - Quality from labelled rows (AUC for classification, R² for regression) is judged by the same health
 *   rules as the metric stream: past the warning bound → WARNING, past the critical bound → CRITICAL.
 *   We deliberately do not make every quality breach CRITICAL, so the window and the metric stream never
 *   disagree about the same number.
 * - Otherwise HEALTHY.
 *
 * Version health = the worse of (the latest production window's health, assessHealth of the average of
 * each metric over the last 24 h of production points); UNKNOWN only when both are. A window that ended
 * more than WINDOW_HEALTH_MAX_AGE_DAYS ago no longer speaks for the present and is left out. Reasons are
 * the window's followed by the metrics'.
 */
import type { TDatasetDriftResult } from "../drift/decision";
import type { TNumericDriftResult } from "../drift/numeric";
import type { TClassificationQualityResult, TRegressionQualityResult } from "../drift/quality";
import { assessHealth, type THealth, type THealthReason, type THealthRule } from "./health";

export type TWindowQuality = TClassificationQualityResult | TRegressionQualityResult;

export type THealthAssessment = { health: THealth; reasons: THealthReason[] };

export const WINDOW_HEALTH_MAX_AGE_DAYS = 7;

const RANK: Record<THealth, number> = { UNKNOWN: 0, HEALTHY: 1, WARNING: 2, CRITICAL: 3 };

/** Window metrics judged by the health rules, and the name their reasons carry. */
const QUALITY_METRICS = [
  { key: "auc", reason: "window_auc" },
  { key: "r2", reason: "window_r2" },
] as const;

export function assessWindowHealth(o: {
  datasetDrift: TDatasetDriftResult;
  prediction: TNumericDriftResult | null;
  quality: TWindowQuality | null;
  rules: THealthRule[];
}): THealthAssessment {
  const reasons: THealthReason[] = [];
  const { datasetDrift: d } = o;
  if (d.drifted && d.drifted_share !== null) {
    const critical = Math.min(1, 2 * d.threshold);
    const level = d.drifted_share >= critical ? "CRITICAL" : "WARNING";
    const bound = level === "CRITICAL" ? critical : d.threshold;
    reasons.push({
      metric: "dataset_drift",
      value: d.drifted_share,
      threshold: bound,
      level,
      message: `${d.drifted_count} of ${d.evaluated_count} features drifted (share ${pct(d.drifted_share)} ≥ ${pct(bound)})`,
    });
  }
  if (o.prediction?.drifted) {
    const p = o.prediction;
    const [stat, value, threshold] =
      p.method === "ks" ? ["KS p-value", p.ks_pvalue, 0.05] : ["normed Wasserstein", p.wasserstein_normed, 0.1];
    reasons.push({
      metric: "prediction_drift",
      value: value ?? 0,
      threshold,
      level: "WARNING",
      message: `The prediction distribution drifted (${stat} ${(value ?? 0).toPrecision(3)}${p.method === "ks" ? " <" : " ≥"} ${threshold})`,
    });
  }
  let qualityMeasured = false;
  if (o.quality) {
    for (const { key, reason } of QUALITY_METRICS) {
      const value = (o.quality as Record<string, unknown>)[key];
      if (typeof value !== "number") continue;
      const rules = o.rules.filter((r) => r.metric === key);
      if (!rules.length) continue;
      qualityMeasured = true;
      for (const r of assessHealth({ [key]: value }, rules).reasons) {
        reasons.push({ ...r, metric: reason, message: `Labelled window: ${r.message}` });
      }
    }
  }
  if (d.evaluated_count === 0 && !qualityMeasured && reasons.length === 0) return { health: "UNKNOWN", reasons };
  return { health: worstLevel(reasons), reasons };
}

/** The worse of the window's and the metrics' health; reasons of both, window first. */
export function combineHealth(window: THealthAssessment | null, metrics: THealthAssessment): THealthAssessment {
  if (!window) return metrics;
  const health = RANK[window.health] >= RANK[metrics.health] ? window.health : metrics.health;
  return { health, reasons: [...window.reasons, ...metrics.reasons] };
}

function worstLevel(reasons: THealthReason[]): THealth {
  if (reasons.some((r) => r.level === "CRITICAL")) return "CRITICAL";
  return reasons.length ? "WARNING" : "HEALTHY";
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
