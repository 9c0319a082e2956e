/**
 * Monitoring data of the demo: a reference dataset (2,000 rows) and 30 daily production windows (500 rows)
 * for each live version, drawn from the feature schema with the seeded PRNG, so every drift and quality
 * chart shows something true. Predictions come from a fixed "model" (a linear score of the features) and
 * labels from a noisy "truth" whose noise is calibrated on the reference so that the model's AUC (or R²)
 * matches its offline metric. credit-default-scoring drifts over the last 12 days, in step with its metric
 * series: income falls, debt-to-income rises, a new employment type "gig" appears (a risk the model never
 * saw), and the truth drifts away from the model's score — predictions shift up and the AUC decays to ≈ 0.73.
 * The other models stay stable.
 */
import { classificationQuality } from "@/lib/domain/drift";
import type { TCell, TColumnBatch } from "@/lib/domain/monitoring/columns";
import { createRng, normal, type DemoModel } from "./demo-portfolio";

export const REFERENCE_ROWS = 2000;
export const WINDOW_ROWS = 500;
export const WINDOW_DAYS = 30;
/** Same span as the AUC decay of metric-series.ts. */
export const DRIFT_DAYS = 12;

type Rng = () => number;
type Row = Record<string, TCell>;
/** One feature's value for a row; `drift` goes 0 → 1 over the drift episode (always 0 for stable models). */
type FeatureGen = (rng: Rng, drift: number, row: Row) => TCell;

type ClassificationSpec = {
  kind: "classification";
  baseRate: number;
  score: (row: Row) => number;
  truthBoost?: (row: Row) => number;
  conceptDrift?: number;
};
type RegressionSpec = { kind: "regression"; predict: (row: Row) => number };
type MonitoredSpec = {
  seed: number;
  features: Record<string, FeatureGen>;
  target: ClassificationSpec | RegressionSpec;
};

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const logNormal = (rng: Rng, median: number, sigma: number) => median * Math.exp(sigma * normal(rng));
const num = (row: Row, key: string) => (typeof row[key] === "number" ? (row[key] as number) : 0);

/**
 * A sampler of categories by weight. `extra` (for the drift episode) adds categories with their own share
 * and scales the others down, so the declared ones keep their proportions among themselves.
 */
function categories(weights: Record<string, number>): (rng: Rng, extra?: { name: string; share: number }) => string {
  const names = Object.keys(weights);
  const cumulative: number[] = [];
  let total = 0;
  for (const n of names) cumulative.push((total += weights[n]!));
  return (rng, extra) => {
    let u = rng();
    if (extra && extra.share > 0) {
      if (u < extra.share) return extra.name;
      u = (u - extra.share) / (1 - extra.share);
    }
    u *= total;
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return names[i]!;
    return names[names.length - 1]!;
  };
}

const PLAN = categories({ basic: 0.5, plus: 0.35, premium: 0.15 });
const CHANNEL = categories({ web: 0.35, app: 0.4, store: 0.15, phone: 0.1 });
const EMPLOYMENT = categories({ salaried: 0.62, self_employed: 0.18, retired: 0.12, student: 0.08 });
const EMPLOYMENT_RISK: Record<string, number> = { self_employed: 0.3, retired: -0.2, student: 0.6 };
const REGION = categories({ north: 0.3, south: 0.25, east: 0.25, west: 0.2 });
const MERCHANT = categories({ grocery: 0.3, travel: 0.1, electronics: 0.15, fuel: 0.2, online: 0.25 });
const MERCHANT_RISK: Record<string, number> = { online: 0.5, travel: 0.3, electronics: 0.2 };
const YES_NO_60 = categories({ yes: 0.6, no: 0.4 });
const YES_NO_25 = categories({ yes: 0.25, no: 0.75 });

const CUSTOMER_FEATURES: Record<string, FeatureGen> = {
  tenure_months: (rng) => Math.round(logNormal(rng, 28, 0.8)),
  monthly_spend: (rng) => round(logNormal(rng, 60, 0.6), 2),
  support_tickets_90d: (rng) => Math.floor(Math.exp(0.8 * normal(rng))),
  plan: (rng) => PLAN(rng),
  channel: (rng) => (rng() < 0.04 ? null : CHANNEL(rng)),
};
const PLAN_VALUE: Record<string, number> = { basic: 0, plus: 0.4, premium: 0.9 };

const MONITORED: Record<string, MonitoredSpec> = {
  "credit-default-scoring": {
    seed: 4101,
    features: {
      income: (rng, drift) => Math.round(logNormal(rng, 52_000 * (1 - 0.25 * drift), 0.5)),
      debt_to_income: (rng, drift) => round(logNormal(rng, 0.32 * (1 + 0.35 * drift), 0.45), 3),
      credit_history_months: (rng) => Math.round(120 + 60 * normal(rng)),
      open_accounts: (rng) => Math.round(logNormal(rng, 6, 0.5)),
      employment_type: (rng, drift) => EMPLOYMENT(rng, { name: "gig", share: 0.15 * drift }),
      region: (rng) => REGION(rng),
    },
    target: {
      kind: "classification",
      baseRate: 0.12,
      score: (r) =>
        (-0.9 * (Math.log(Math.max(num(r, "income"), 1)) - Math.log(52_000))) / 0.5 +
        (1.0 * (Math.log(Math.max(num(r, "debt_to_income"), 1e-3)) - Math.log(0.32))) / 0.45 -
        (0.5 * (num(r, "credit_history_months") - 120)) / 60 +
        (0.2 * (num(r, "open_accounts") - 6)) / 3 +
        (EMPLOYMENT_RISK[r.employment_type as string] ?? 0),
      // Gig workers default far more often than the model (trained before they existed) can know.
      truthBoost: (r) => (r.employment_type === "gig" ? 1.5 : 0),
      conceptDrift: 0.45,
    },
  },
  "fraud-detection-cards": {
    seed: 4202,
    features: {
      amount: (rng) => round(logNormal(rng, 45, 1.1), 2),
      merchant_risk: (rng) => round(1 / (1 + Math.exp(-(-1.5 + 0.9 * normal(rng)))), 3),
      seconds_since_last_txn: (rng) => Math.round(logNormal(rng, 20_000, 1.5)),
      merchant_category: (rng) => MERCHANT(rng),
      card_present: (rng) => YES_NO_60(rng),
    },
    target: {
      kind: "classification",
      baseRate: 0.05,
      score: (r) =>
        (1.2 * (Math.log(Math.max(num(r, "amount"), 0.01)) - Math.log(45))) / 1.1 +
        (1.5 * (num(r, "merchant_risk") - 0.2)) / 0.15 -
        (0.6 * (Math.log(Math.max(num(r, "seconds_since_last_txn"), 1)) - Math.log(20_000))) / 1.5 +
        (r.card_present === "no" ? 0.8 : 0) +
        (MERCHANT_RISK[r.merchant_category as string] ?? 0),
    },
  },
  "churn-propensity": {
    seed: 4303,
    features: CUSTOMER_FEATURES,
    target: {
      kind: "classification",
      baseRate: 0.2,
      score: (r) =>
        (-0.8 * (Math.log(num(r, "tenure_months") + 1) - Math.log(29))) / 0.8 +
        (0.6 * (num(r, "support_tickets_90d") - 1)) / 1.2 -
        (0.3 * (Math.log(Math.max(num(r, "monthly_spend"), 1)) - Math.log(60))) / 0.6 -
        (PLAN_VALUE[r.plan as string] ?? 0) +
        (r.channel === "store" ? -0.3 : r.channel === "phone" ? 0.3 : 0),
    },
  },
  "customer-lifetime-value": {
    seed: 4404,
    features: CUSTOMER_FEATURES,
    target: {
      kind: "regression",
      predict: (r) =>
        24 *
        0.3 *
        num(r, "monthly_spend") *
        (0.6 + (0.4 * Math.min(num(r, "tenure_months"), 120)) / 120) *
        (1 + (PLAN_VALUE[r.plan as string] ?? 0) / 2),
    },
  },
  "call-center-volume-forecast": {
    seed: 4505,
    features: {
      hour_of_week: (rng) => Math.floor(rng() * 168),
      campaign_active: (rng) => YES_NO_25(rng),
      calls_same_hour_last_week: (rng, _drift, row) =>
        Math.round(Math.max(0, dailyShape(num(row, "hour_of_week")) * (1 + 0.12 * normal(rng)))),
    },
    target: {
      kind: "regression",
      predict: (r) =>
        0.85 * num(r, "calls_same_hour_last_week") +
        0.15 * dailyShape(num(r, "hour_of_week")) +
        (r.campaign_active === "yes" ? 120 : 0),
    },
  },
};

/** Expected calls per hour: busy on weekday working hours, quiet at night and on weekends. */
function dailyShape(hourOfWeek: number): number {
  const hour = hourOfWeek % 24;
  const weekend = hourOfWeek >= 120;
  const day = Math.max(0, Math.sin(((hour - 7) / 12) * Math.PI));
  return 80 + (weekend ? 350 : 1100) * day;
}

export function isMonitoredDemoModel(slug: string): boolean {
  return slug in MONITORED;
}

/** Drift of window `day` (0 = oldest, WINDOW_DAYS − 1 = the one ending now), for models with a drift episode. */
export function driftLevel(model: DemoModel, day: number): number {
  if (model.series !== "drift") return 0;
  const daysBeforeEnd = WINDOW_DAYS - 1 - day;
  return Math.min(1, Math.max(0, (DRIFT_DAYS - daysBeforeEnd) / DRIFT_DAYS));
}

/** Noise of the truth, fixed once per model on its reference so the model scores its offline metric there. */
type Calibration = { sigma: number; cut: number; scoreSd: number };

export type DemoMonitoringData = { reference: TColumnBatch; windows: TColumnBatch[] };

/** The reference and the WINDOW_DAYS windows of one live demo model, oldest window first. */
export function generateMonitoringData(model: DemoModel, offline: Record<string, number>): DemoMonitoringData {
  const spec = MONITORED[model.slug];
  if (!spec) throw new Error(`${model.slug} has no demo monitoring data`);
  const rng = createRng(spec.seed);
  const featureNames = model.features.map((f) => f.name);
  const clip = (row: Row) => {
    for (const f of model.features) {
      const v = row[f.name];
      if (typeof v === "number") row[f.name] = Math.min(f.max ?? Infinity, Math.max(f.min ?? -Infinity, v));
    }
    return row;
  };
  const drawRows = (n: number, drift: number) =>
    Array.from({ length: n }, () => {
      const row: Row = {};
      for (const name of featureNames) row[name] = spec.features[name]!(rng, drift, row);
      return clip(row);
    });

  const refRows = drawRows(REFERENCE_ROWS, 0);
  const refNoise = refRows.map(() => normal(rng));
  const target = spec.target;
  const calibration =
    target.kind === "classification"
      ? calibrateClassification(refRows.map(target.score), refNoise, target.baseRate, offline.auc ?? 0.85)
      : null;
  const predictSd = target.kind === "regression" ? sd(refRows.map(target.predict)) : 0;
  const r2 = offline.r2 ?? 0.7;

  const toBatch = (rows: Row[], noise: number[], drift: number): TColumnBatch => {
    const columns: Record<string, TCell[]> = {};
    for (const name of featureNames) columns[name] = rows.map((r) => r[name] ?? null);
    if (target.kind === "classification") {
      const c = calibration!;
      const scores = rows.map(target.score);
      const truth = scores.map((s, i) => {
        const unrelated = c.scoreSd * normal(rng);
        const lambda = (target.conceptDrift ?? 0) * drift;
        return (1 - lambda) * s + lambda * unrelated + (target.truthBoost?.(rows[i]!) ?? 0);
      });
      const intercept = Math.log(target.baseRate / (1 - target.baseRate));
      return {
        columns,
        prediction: scores.map((s) => round(1 / (1 + Math.exp(-(intercept + s))), 4)),
        label: truth.map((t, i) => (t + c.sigma * noise[i]! > c.cut ? 1 : 0)),
      };
    }
    const predicted = rows.map(target.predict);
    const noiseSd = predictSd * Math.sqrt((1 - r2) / r2);
    return {
      columns,
      prediction: predicted.map((p) => round(p, 2)),
      label: predicted.map((p, i) => round(Math.max(0, p + noiseSd * noise[i]!), 2)),
    };
  };

  const reference = toBatch(refRows, refNoise, 0);
  const windows: TColumnBatch[] = [];
  for (let day = 0; day < WINDOW_DAYS; day++) {
    const drift = driftLevel(model, day);
    const rows = drawRows(WINDOW_ROWS, drift);
    windows.push(
      toBatch(
        rows,
        rows.map(() => normal(rng)),
        drift,
      ),
    );
  }
  return { reference, windows };
}

/**
 * Finds the truth noise σ (labels: score + σ·ε above a cut that gives the base rate) at which the score's
 * AUC on the reference equals `targetAuc`; AUC falls as σ grows, so bisection on σ converges.
 */
function calibrateClassification(scores: number[], noise: number[], baseRate: number, targetAuc: number): Calibration {
  const labelsFor = (sigma: number) => {
    const latent = scores.map((s, i) => s + sigma * noise[i]!);
    const cut = Float64Array.from(latent).sort()[Math.floor(latent.length * (1 - baseRate))]!;
    return { cut, labels: latent.map((v) => (v > cut ? 1 : 0) as 0 | 1) };
  };
  let lo = 0.01;
  let hi = 20;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const auc = classificationQuality(scores, labelsFor(mid).labels).auc ?? 0.5;
    if (auc > targetAuc) lo = mid;
    else hi = mid;
  }
  const sigma = (lo + hi) / 2;
  return { sigma, cut: labelsFor(sigma).cut, scoreSd: sd(scores) };
}

function sd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}
