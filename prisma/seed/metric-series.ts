/**
 * Hourly production metrics for the demo: quality (AUC/accuracy or R²/RMSE), latency percentiles, error
 * rate and request volume. "drift" decays quality over the last 12 days — the demo's drift episode.
 */
import { createRng, normal } from "./demo-portfolio";

export type SeriesShape = "stable" | "drift" | "noisy";
export type SeriesPoint = { name: string; value: number; ts: Date };

const HOUR = 3_600_000;
const DRIFT_DAYS = 12;

export function generateMetricSeries(o: {
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
  offline: Record<string, number>;
  shape: SeriesShape;
  from: Date;
  to: Date;
  now: Date;
  seed: number;
}): SeriesPoint[] {
  const rng = createRng(o.seed);
  const out: SeriesPoint[] = [];
  const driftStart = o.now.getTime() - DRIFT_DAYS * 24 * HOUR;
  const first = Math.ceil(o.from.getTime() / HOUR) * HOUR;
  for (let t = first; t <= o.to.getTime(); t += HOUR) {
    const ts = new Date(t);
    const hourOfDay = ts.getUTCHours();
    // Traffic follows the working day; latency rises a little with load.
    const load = 0.55 + 0.45 * Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI);
    const decay = o.shape === "drift" && t > driftStart ? (t - driftStart) / (DRIFT_DAYS * 24 * HOUR) : 0;
    const noise = o.shape === "noisy" ? 2 : 1;
    if (o.problemType === "CLASSIFICATION") {
      const auc = (o.offline.auc ?? 0.85) - 0.005 - 0.13 * decay + 0.004 * noise * normal(rng);
      out.push({ name: "auc", value: round(auc, 4), ts });
      out.push({ name: "accuracy", value: round(auc - 0.04 + 0.003 * normal(rng), 4), ts });
    } else if (o.problemType === "REGRESSION") {
      const r2 = (o.offline.r2 ?? 0.7) - 0.01 - 0.3 * decay + 0.008 * noise * normal(rng);
      out.push({ name: "r2", value: round(r2, 4), ts });
      out.push({ name: "rmse", value: round((o.offline.rmse ?? 1) * (1 + 0.03 * normal(rng) + 0.4 * decay), 4), ts });
    }
    const p50 = 38 + 14 * load + 2 * normal(rng);
    out.push({ name: "latency_p50_ms", value: round(p50, 1), ts });
    out.push({ name: "latency_p95_ms", value: round(p50 * 2.4 + 6 * Math.abs(normal(rng)), 1), ts });
    out.push({ name: "latency_p99_ms", value: round(p50 * 3.6 + 15 * Math.abs(normal(rng)), 1), ts });
    const spike = o.shape === "noisy" && rng() < 0.01 ? 0.03 : 0;
    out.push({ name: "error_rate", value: round(Math.max(0, 0.004 * noise + 0.002 * normal(rng) + spike), 5), ts });
    out.push({ name: "requests", value: Math.round(1200 * load * (1 + 0.1 * normal(rng))), ts });
  }
  return out;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
