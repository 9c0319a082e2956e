/** One metric of the challenger against the production champion. `delta` > 0 means the challenger is better. */
export type TMetricComparison = {
  metric: string;
  challenger: number | null;
  champion: number | null;
  delta: number | null;
  lowerIsBetter: boolean;
  /** null when either side lacks the metric. */
  withinTolerance: boolean | null;
};

/**
 * Champion/challenger comparison on every metric either side reports; metrics named in `gated` are
 * listed first (they are the ones the gate judges with `tolerance`).
 */
export function compareWithChampion(
  challenger: Record<string, number>,
  champion: Record<string, number>,
  opts: { gated: string[]; tolerance: number; lowerIsBetter: string[] },
): TMetricComparison[] {
  const names = [
    ...new Set([
      ...opts.gated.filter((m) => m in challenger || m in champion),
      ...Object.keys(challenger),
      ...Object.keys(champion),
    ]),
  ];
  return names.map((metric) => {
    const a = challenger[metric] ?? null;
    const b = champion[metric] ?? null;
    const lower = opts.lowerIsBetter.includes(metric);
    const delta = a !== null && b !== null ? (lower ? b - a : a - b) : null;
    return {
      metric,
      challenger: a,
      champion: b,
      delta,
      lowerIsBetter: lower,
      withinTolerance: delta === null ? null : delta >= -opts.tolerance - 1e-12,
    };
  });
}
