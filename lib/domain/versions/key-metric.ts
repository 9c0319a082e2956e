/**
 * A version's key metric: the first of these it reports, in this order — the figure the registry shows (and
 * sorts by) for a model. The order puts the usual headline measure of each problem type first.
 */
export const KEY_METRICS = ["auc", "r2", "rmse", "accuracy", "macro_f1"] as const;

export function keyMetricOf(metrics: Record<string, number>): { name: string; value: number } | null {
  for (const name of KEY_METRICS) {
    const value = metrics[name];
    if (typeof value === "number" && Number.isFinite(value)) return { name, value };
  }
  return null;
}
