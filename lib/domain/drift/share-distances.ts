/** Distances between two share vectors over the same bins or categories (DESIGN.md §3). */

/** Share substituted for an empty bin/category in PSI, so ln(q/p) stays finite. */
export const PSI_ZERO_SHARE_FLOOR = 0.0001;

/** Population stability index Σ (q − p)·ln(q/p), every zero share replaced by 0.0001 (no renormalisation). */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[]): number {
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i] === 0 ? PSI_ZERO_SHARE_FLOOR : reference[i];
    const q = current[i] === 0 ? PSI_ZERO_SHARE_FLOOR : current[i];
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}

/**
 * Jensen–Shannon distance in base 2 on the raw shares, computed the way scipy.spatial.distance.jensenshannon
 * does (normalise each side, KL of each against the midpoint, sqrt of the half-sum). Rounding can push
 * the divergence of near-identical inputs a hair below zero; it is clamped to 0 instead of yielding NaN.
 */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const pTotal = sum(reference);
  const qTotal = sum(current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i] / pTotal;
    const q = current[i] / qTotal;
    const m = (p + q) / 2;
    if (p > 0) left += p * Math.log(p / m);
    if (q > 0) right += q * Math.log(q / m);
  }
  const divergence = (left + right) / Math.LN2;
  return Math.sqrt(Math.max(0, divergence / 2));
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
