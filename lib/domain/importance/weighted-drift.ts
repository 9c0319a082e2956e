/**
 * Importance-weighted drift (issue 19; formula and reference in docs/ARCHITECTURE.md, "Feature importance"):
 *
 *   score = Σᵢ wᵢ · PSIᵢ / Σᵢ wᵢ,   wᵢ = max(importanceᵢ, 0),
 *
 * over the features i that have both an importance and a PSI in the window (a feature whose PSI could not be
 * computed — no values in the window — is left out of both sums, not counted as 0). It is a weighted mean of
 * PSI, so it reads on PSI's own scale (0.1 moderate, 0.25 significant): a large PSI on a feature the model
 * ignores (w ≈ 0) barely moves it, the same PSI on the feature carrying most of the importance moves it almost
 * fully. Scaling every importance by a constant leaves it unchanged, so raw values and shares give the same score.
 * `coverage` = Σ w over the features judged / Σ w over every feature: the share of the model's importance the
 * score actually saw. null when no judged feature carries positive importance.
 */
export type TWeightedDrift = {
  score: number;
  coverage: number;
  /** Features that entered both sums. */
  features: number;
  /** The feature contributing most (wᵢ·PSIᵢ), and its part of the numerator. */
  top: { feature: string; psi: number; weight: number; contribution: number } | null;
};

export function weightedDriftScore(
  importance: Record<string, number>,
  psi: Record<string, number | null | undefined>,
): TWeightedDrift | null {
  let num = 0;
  let den = 0;
  let total = 0;
  let n = 0;
  let top: TWeightedDrift["top"] = null;
  for (const [feature, raw] of Object.entries(importance)) {
    const w = Math.max(raw, 0);
    total += w;
    const p = psi[feature];
    if (p === null || p === undefined || !Number.isFinite(p)) continue;
    num += w * p;
    den += w;
    n++;
    if (w > 0 && (!top || w * p > top.contribution)) top = { feature, psi: p, weight: w, contribution: w * p };
  }
  if (den <= 0) return null;
  return {
    score: num / den,
    coverage: den / total,
    features: n,
    top: top ? { ...top, weight: top.weight / total, contribution: top.contribution / num || 0 } : null,
  };
}
