/** Categorical feature drift (DESIGN.md §3): chi-square homogeneity test, PSI, JS distance, unseen share. */
import { JS_DISTANCE_THRESHOLD, SIGNIFICANCE_LEVEL, SMALL_SAMPLE_MAX } from "./decision";
import { jensenShannonDistance, populationStabilityIndex } from "./share-distances";
import { chiSquareSf } from "./special-functions";

export type TMaybeCategory = string | null | undefined;

export type TCategoricalDriftResult = {
  /** Union of both sides' categories in Unicode code-point order (Python's `sorted`). */
  categories: string[];
  reference_shares: number[] | null;
  current_shares: number[] | null;
  chi2_statistic: number | null;
  chi2_pvalue: number | null;
  chi2_dof: number | null;
  psi: number | null;
  js_distance: number | null;
  /** Share of current (non-missing) values whose category never occurs in the reference. */
  unseen_share: number | null;
  missing_rate_reference: number | null;
  missing_rate_current: number | null;
  method: "chi2" | "js";
  drifted: boolean | null;
};

/** Drift of one categorical feature; null/undefined are missing and excluded from every statistic. */
export function categoricalDrift(
  reference: ArrayLike<TMaybeCategory>,
  current: ArrayLike<TMaybeCategory>,
): TCategoricalDriftResult {
  const ref = countCategories(reference);
  const cur = countCategories(current);
  const categories = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort(compareCodePoints);
  const refCounts = categories.map((category) => ref.counts.get(category) ?? 0);
  const curCounts = categories.map((category) => cur.counts.get(category) ?? 0);
  const referenceShares = ref.present > 0 ? refCounts.map((count) => count / ref.present) : null;
  const currentShares = cur.present > 0 ? curCounts.map((count) => count / cur.present) : null;
  const hasBoth = referenceShares !== null && currentShares !== null;
  const chi2 = hasBoth ? chiSquareHomogeneity(refCounts, curCounts) : null;
  const js = hasBoth ? jensenShannonDistance(referenceShares, currentShares) : null;
  let unseen = 0;
  for (let k = 0; k < categories.length; k++) if (refCounts[k] === 0) unseen += curCounts[k];
  const isSmall = ref.present <= SMALL_SAMPLE_MAX;
  let drifted: boolean | null = null;
  if (isSmall && chi2 !== null) drifted = chi2.pvalue < SIGNIFICANCE_LEVEL;
  if (!isSmall && js !== null) drifted = js >= JS_DISTANCE_THRESHOLD;
  return {
    categories,
    reference_shares: referenceShares,
    current_shares: currentShares,
    chi2_statistic: chi2 ? chi2.statistic : null,
    chi2_pvalue: chi2 ? chi2.pvalue : null,
    chi2_dof: chi2 ? chi2.dof : null,
    psi: hasBoth ? populationStabilityIndex(referenceShares, currentShares) : null,
    js_distance: js,
    unseen_share: cur.present > 0 ? unseen / cur.present : null,
    missing_rate_reference: ref.total > 0 ? (ref.total - ref.present) / ref.total : null,
    missing_rate_current: cur.total > 0 ? (cur.total - cur.present) / cur.total : null,
    method: isSmall ? "chi2" : "js",
    drifted,
  };
}

type TCategoryCounts = { counts: Map<string, number>; present: number; total: number };

function countCategories(values: ArrayLike<TMaybeCategory>): TCategoryCounts {
  const counts = new Map<string, number>();
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    present++;
  }
  return { counts, present, total: values.length };
}

/**
 * Pearson chi-square test of homogeneity on the 2 × k table (no Yates correction, as DESIGN.md says):
 * expected = row total × column total / N, dof = k − 1. Like scipy's chi2_contingency, a single
 * category (dof 0) gives statistic 0 and p = 1. Both rows must be non-empty.
 */
export function chiSquareHomogeneity(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
): { statistic: number; pvalue: number; dof: number } {
  const dof = referenceCounts.length - 1;
  if (dof < 1) return { statistic: 0, pvalue: 1, dof: 0 };
  const refTotal = referenceCounts.reduce((a, b) => a + b, 0);
  const curTotal = currentCounts.reduce((a, b) => a + b, 0);
  const total = refTotal + curTotal;
  let refTerms = 0;
  let curTerms = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const column = referenceCounts[k] + currentCounts[k];
    const refExpected = (refTotal * column) / total;
    const curExpected = (curTotal * column) / total;
    refTerms += (referenceCounts[k] - refExpected) ** 2 / refExpected;
    curTerms += (currentCounts[k] - curExpected) ** 2 / curExpected;
  }
  const statistic = refTerms + curTerms;
  return { statistic, pvalue: chiSquareSf(statistic, dof), dof };
}

/**
 * Orders strings by Unicode code point (Python's str order). JS `<` compares UTF-16 code units, which
 * disagrees only when a surrogate meets U+E000–U+FFFF; shifting those two ranges restores code-point order.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
