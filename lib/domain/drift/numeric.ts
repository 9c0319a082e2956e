/**
 * Numeric feature drift (DESIGN.md §3). Each side is filtered and sorted once; KS and Wasserstein come
 * from a single merge walk over both sorted arrays, bin counts from binary searches of the edges.
 */
import { SIGNIFICANCE_LEVEL, SMALL_SAMPLE_MAX, WASSERSTEIN_NORMED_THRESHOLD } from "./decision";
import { ksTwoSampleAsymptoticPValue } from "./kolmogorov";
import { jensenShannonDistance, populationStabilityIndex } from "./share-distances";
import { collectSorted, countAtMost, type TMaybeNumber } from "./sorted-values";

export type TNumericDriftResult = {
  ks_statistic: number | null;
  ks_pvalue: number | null;
  wasserstein: number | null;
  /** Wasserstein-1 divided by the population std of the reference (or W itself when that std is 0). */
  wasserstein_normed: number | null;
  /** Unique reference quantiles at 0.1 … 0.9; bin i holds edge[i−1] < x ≤ edge[i], outer bins open. */
  bin_edges: number[] | null;
  reference_bin_shares: number[] | null;
  current_bin_shares: number[] | null;
  psi: number | null;
  js_distance: number | null;
  missing_rate_reference: number | null;
  missing_rate_current: number | null;
  method: "ks" | "wasserstein_normed";
  /** null when the deciding statistic is undefined (an empty side). */
  drifted: boolean | null;
};

/**
 * Quantile levels of `np.arange(0.1, 1.0, 0.1)` (…, 0.30000000000000004, …, 0.7000000000000001, …), which
 * is what the oracle fixtures used: with the literals 0.3 and 0.7 some edges differ from them in the last bit.
 */
const BIN_QUANTILES = Array.from({ length: 9 }, (_, i) => 0.1 + i * 0.1);

/**
 * Drift of one numeric feature. null, undefined, NaN and ±Infinity are missing: excluded from every
 * statistic and counted in the missing rates; n in the decision rule is the non-missing reference count.
 */
export function numericDrift(
  reference: ArrayLike<TMaybeNumber>,
  current: ArrayLike<TMaybeNumber>,
): TNumericDriftResult {
  const ref = collectSorted(reference);
  const cur = collectSorted(current);
  const r = ref.sorted;
  const c = cur.sorted;
  const hasBoth = r.length > 0 && c.length > 0;
  const walk = hasBoth ? ksAndWasserstein(r, c) : null;
  const ksPValue = walk ? ksTwoSampleAsymptoticPValue(walk.ks, r.length, c.length) : null;
  const std = r.length > 0 ? populationStd(r) : null;
  const normed = walk && std !== null ? (std === 0 ? walk.wasserstein : walk.wasserstein / std) : null;
  const edges = r.length > 0 ? quantileEdges(r) : null;
  const referenceShares = edges ? binShares(r, edges) : null;
  const currentShares = edges && c.length > 0 ? binShares(c, edges) : null;
  const isSmall = r.length <= SMALL_SAMPLE_MAX;
  let drifted: boolean | null = null;
  if (isSmall && ksPValue !== null) drifted = ksPValue < SIGNIFICANCE_LEVEL;
  if (!isSmall && normed !== null) drifted = normed >= WASSERSTEIN_NORMED_THRESHOLD;
  return {
    ks_statistic: walk ? walk.ks : null,
    ks_pvalue: ksPValue,
    wasserstein: walk ? walk.wasserstein : null,
    wasserstein_normed: normed,
    bin_edges: edges,
    reference_bin_shares: referenceShares,
    current_bin_shares: currentShares,
    psi: referenceShares && currentShares ? populationStabilityIndex(referenceShares, currentShares) : null,
    js_distance: referenceShares && currentShares ? jensenShannonDistance(referenceShares, currentShares) : null,
    missing_rate_reference: ref.total > 0 ? ref.missing / ref.total : null,
    missing_rate_current: cur.total > 0 ? cur.missing / cur.total : null,
    method: isSmall ? "ks" : "wasserstein_normed",
    drifted,
  };
}

/**
 * One ascending merge walk over both samples. At each distinct value v the empirical CDFs are
 * i/n and j/m (ties on both sides consumed together, as scipy's searchsorted(side="right") does);
 * D = max |F_r − F_c| and W₁ = ∫ |F_r − F_c| dx, the integrand being constant between distinct values.
 */
export function ksAndWasserstein(r: Float64Array, c: Float64Array): { ks: number; wasserstein: number } {
  const n = r.length;
  const m = c.length;
  let i = 0;
  let j = 0;
  let ks = 0;
  let wasserstein = 0;
  let previousValue = Math.min(r[0], c[0]);
  let previousGap = 0;
  while (i < n || j < m) {
    const value = j >= m || (i < n && r[i] <= c[j]) ? r[i] : c[j];
    while (i < n && r[i] === value) i++;
    while (j < m && c[j] === value) j++;
    wasserstein += previousGap * (value - previousValue);
    const difference = i / n - j / m;
    const gap = difference < 0 ? -difference : difference;
    if (gap > ks) ks = gap;
    previousGap = gap;
    previousValue = value;
  }
  return { ks, wasserstein };
}

/**
 * Population standard deviation (ddof 0), two-pass over the sorted values (so it is independent of row
 * order); exactly 0 for a constant sample so W/std never divides by rounding noise.
 */
function populationStd(sorted: Float64Array): number {
  const n = sorted.length;
  if (sorted[0] === sorted[n - 1]) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / n);
}

/**
 * numpy's default `quantile(method="linear")`: virtual index h = (n − 1)·q, then numpy's `_lerp`
 * (a + (b − a)·t, or b − (b − a)·(1 − t) when t ≥ 0.5), reproduced bit for bit so ties with the edges
 * land in the same bins as in numpy. Edges are then de-duplicated (np.unique).
 */
export function quantileEdges(sorted: Float64Array): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  for (const q of BIN_QUANTILES) {
    const h = (n - 1) * q;
    const lower = Math.floor(h);
    let value: number;
    if (h >= n - 1) value = sorted[n - 1];
    else {
      const a = sorted[lower];
      const b = sorted[lower + 1];
      const t = h - lower;
      const diff = b - a;
      value = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
    edges.push(value);
  }
  edges.sort((x, y) => x - y);
  return edges.filter((edge, index) => index === 0 || edge !== edges[index - 1]);
}

/** Shares of a sorted sample in the bins (−∞, e₀], (e₀, e₁], …, (e_last, ∞). */
function binShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const n = sorted.length;
  const shares: number[] = [];
  let below = 0;
  for (const edge of edges) {
    const atMost = countAtMost(sorted, edge);
    shares.push((atMost - below) / n);
    below = atMost;
  }
  shares.push((n - below) / n);
  return shares;
}
