/**
 * Drift decision rules (DESIGN.md §3): small reference samples are judged by a significance test,
 * large ones by an effect size, because with thousands of rows every test rejects on trivial shifts.
 */

/** Reference sizes up to this use the test p-value; above it, the effect size. */
export const SMALL_SAMPLE_MAX = 1000;
export const SIGNIFICANCE_LEVEL = 0.05;
export const WASSERSTEIN_NORMED_THRESHOLD = 0.1;
export const JS_DISTANCE_THRESHOLD = 0.1;
export const DATASET_DRIFT_SHARE = 0.5;

export const PSI_BANDS = ["stable", "moderate", "significant"] as const;
export type TPsiBand = (typeof PSI_BANDS)[number];

/** PSI bands: < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 significant; null for a missing PSI. */
export function psiBand(psi: number | null): TPsiBand | null {
  if (psi === null || Number.isNaN(psi)) return null;
  if (psi < 0.1) return "stable";
  if (psi < 0.25) return "moderate";
  return "significant";
}

export type TDatasetDriftResult = {
  feature_count: number;
  /** Features whose own decision is defined (drifted is not null). */
  evaluated_count: number;
  drifted_count: number;
  /** drifted_count / evaluated_count; null when no feature could be evaluated. */
  drifted_share: number | null;
  threshold: number;
  drifted: boolean;
};

/**
 * Dataset drift: the share of drifted features is ≥ `threshold` (0.5 unless the model configures it).
 * Features without a decision (e.g. an all-missing column) are left out of the share rather than
 * counted as stable, so a broken feed cannot dilute real drift; with no evaluated feature there is no drift.
 */
export function datasetDrift(
  featureResults: ReadonlyArray<{ drifted: boolean | null }> | Readonly<Record<string, { drifted: boolean | null }>>,
  threshold: number = DATASET_DRIFT_SHARE,
): TDatasetDriftResult {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const results = Array.isArray(featureResults) ? featureResults : Object.values(featureResults);
  let evaluated = 0;
  let drifted = 0;
  for (const result of results) {
    if (result.drifted === null) continue;
    evaluated++;
    if (result.drifted) drifted++;
  }
  const share = evaluated === 0 ? null : drifted / evaluated;
  return {
    feature_count: results.length,
    evaluated_count: evaluated,
    drifted_count: drifted,
    drifted_share: share,
    threshold,
    drifted: share !== null && share >= threshold,
  };
}
