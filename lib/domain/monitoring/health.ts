import type { TProblemType } from "../gates/policy";

export type THealth = "UNKNOWN" | "HEALTHY" | "WARNING" | "CRITICAL";

/** A metric is bad when it moves past `warning` (then `critical`) in the direction given by `higherIsBetter`. */
export type THealthRule = { metric: string; higherIsBetter: boolean; warning: number; critical: number; unit?: string };

export type THealthReason = {
  metric: string;
  value: number;
  threshold: number;
  level: "WARNING" | "CRITICAL";
  message: string;
};

/** Defaults applied when a model has no thresholds of its own; documented in docs/MONITORING.md. */
export function defaultHealthRules(problemType: TProblemType): THealthRule[] {
  const common: THealthRule[] = [
    { metric: "error_rate", higherIsBetter: false, warning: 0.02, critical: 0.05 },
    { metric: "latency_p95_ms", higherIsBetter: false, warning: 250, critical: 500, unit: "ms" },
  ];
  if (problemType === "CLASSIFICATION")
    return [{ metric: "auc", higherIsBetter: true, warning: 0.8, critical: 0.75 }, ...common];
  if (problemType === "REGRESSION")
    return [{ metric: "r2", higherIsBetter: true, warning: 0.55, critical: 0.45 }, ...common];
  return common;
}

/**
 * Health from the latest value of each metric: CRITICAL if any rule is past its critical bound, WARNING if any
 * is past its warning bound, HEALTHY if at least one rule had data, UNKNOWN when nothing was measured.
 */
export function assessHealth(
  latest: Record<string, number | undefined>,
  rules: THealthRule[],
): { health: THealth; reasons: THealthReason[] } {
  const reasons: THealthReason[] = [];
  let measured = 0;
  for (const r of rules) {
    const v = latest[r.metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    measured++;
    const worse = (x: number, bound: number) => (r.higherIsBetter ? x < bound : x > bound);
    const level = worse(v, r.critical) ? "CRITICAL" : worse(v, r.warning) ? "WARNING" : null;
    if (level) {
      const threshold = level === "CRITICAL" ? r.critical : r.warning;
      const cmp = r.higherIsBetter ? "below" : "above";
      reasons.push({
        metric: r.metric,
        value: v,
        threshold,
        level,
        message: `${r.metric} ${formatNumber(v)}${r.unit ?? ""} is ${cmp} ${formatNumber(threshold)}${r.unit ?? ""}`,
      });
    }
  }
  if (reasons.some((x) => x.level === "CRITICAL")) return { health: "CRITICAL", reasons };
  if (reasons.length) return { health: "WARNING", reasons };
  return { health: measured ? "HEALTHY" : "UNKNOWN", reasons };
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}
