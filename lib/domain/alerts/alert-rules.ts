/**
 * Alert rules as pure data and one pure judge (issue 8). A rule watches the production data of one version —
 * the rule's own version when it names one, else whichever version of the model is live in production — and
 * `evaluateRule` decides from aggregates the server loads (`TRuleFacts`) whether its condition holds now.
 *
 * Config shapes (stored as JSON on alert_rules.config; lib/schemas/alerts.ts validates API input with the
 * same shapes):
 * - METRIC_THRESHOLD, LATENCY, ERROR_RATE: `{ metric, op, value, windowHours }` — the average of `metric` over
 *   the last `windowHours` compared with `value` (e.g. auc < 0.75 over 24 h). LATENCY and ERROR_RATE are the
 *   same judge with other defaults and labels.
 * - DATASET_DRIFT: `{ share }` — the latest sample window's share of drifted features is ≥ share.
 * - FEATURE_PSI: `{ feature?, band }` — a feature's PSI (any feature when omitted) in the latest window reaches
 *   the band: "moderate" ≥ 0.1, "significant" ≥ 0.25 (DESIGN.md 3).
 * - DATA_QUALITY: `{ feature?, maxMissingRate?, maxUnseenShare? }` — a feature's missing rate or unseen-category
 *   share in the latest window exceeds its bound (at least one bound is set).
 * - WEIGHTED_DRIFT: `{ value }` — the latest window's importance-weighted drift score (Σ wᵢ·PSIᵢ / Σ wᵢ with the
 *   version's feature importances, lib/domain/importance/weighted-drift.ts) is above value; a window stored without
 *   a score (the version has no importances) is "no data".
 * - STALENESS: `{ hours }` — no production data (metric point or sample window) for `hours`, counted from the
 *   later of the last data and the moment the version went live (a version just deployed is not stale).
 *
 * "No data" is not "fine": a metric rule without points in its window, or a window rule without a recent
 * window, answers `violated: null` (unknown), which neither opens nor resolves an alert.
 */

export const ALERT_KINDS = [
  "METRIC_THRESHOLD",
  "DATASET_DRIFT",
  "FEATURE_PSI",
  "DATA_QUALITY",
  "LATENCY",
  "ERROR_RATE",
  "STALENESS",
  "WEIGHTED_DRIFT",
] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];
/**
 * Kinds of system rules, which nobody creates or edits and the evaluator does not judge: ARTIFACT_INTEGRITY
 * carries the alerts of stored artifacts that differ from their registered digest (issue 20).
 */
export const SYSTEM_ALERT_KINDS = ["ARTIFACT_INTEGRITY"] as const;
export type TStoredAlertKind = TAlertKind | (typeof SYSTEM_ALERT_KINDS)[number];
export const isSystemAlertKind = (k: TStoredAlertKind): k is (typeof SYSTEM_ALERT_KINDS)[number] =>
  (SYSTEM_ALERT_KINDS as readonly string[]).includes(k);

export const SEVERITIES = ["INFO", "WARNING", "CRITICAL"] as const;
export type TSeverity = (typeof SEVERITIES)[number];

export const COMPARISONS = ["<", "<=", ">", ">="] as const;
export type TComparison = (typeof COMPARISONS)[number];

export const PSI_BANDS = { moderate: 0.1, significant: 0.25 } as const;
export type TPsiBand = keyof typeof PSI_BANDS;

/** Longest metric window and staleness a rule may ask for: 30 days. */
export const MAX_WINDOW_HOURS = 720;
/** Sample windows older than this are not evidence of the present (same age limit as window health). */
export const WINDOW_MAX_AGE_HOURS = 7 * 24;

export type TMetricRuleConfig = { metric: string; op: TComparison; value: number; windowHours: number };
export type TDatasetDriftConfig = { share: number };
export type TFeaturePsiConfig = { feature?: string; band: TPsiBand };
export type TDataQualityConfig = { feature?: string; maxMissingRate?: number; maxUnseenShare?: number };
export type TStalenessConfig = { hours: number };
export type TWeightedDriftConfig = { value: number };

/** Largest weighted-drift threshold a rule may set: PSI above 10 means the distributions no longer overlap. */
export const MAX_WEIGHTED_DRIFT = 10;

export type TRuleConfigByKind = {
  METRIC_THRESHOLD: TMetricRuleConfig;
  LATENCY: TMetricRuleConfig;
  ERROR_RATE: TMetricRuleConfig;
  DATASET_DRIFT: TDatasetDriftConfig;
  FEATURE_PSI: TFeaturePsiConfig;
  DATA_QUALITY: TDataQualityConfig;
  STALENESS: TStalenessConfig;
  WEIGHTED_DRIFT: TWeightedDriftConfig;
};

/** A kind with its config, as one discriminated value. */
export type TRuleSpec = { [K in TAlertKind]: { kind: K; config: TRuleConfigByKind[K] } }[TAlertKind];

export const METRIC_KINDS: readonly TAlertKind[] = ["METRIC_THRESHOLD", "LATENCY", "ERROR_RATE"];
export const WINDOW_KINDS: readonly TAlertKind[] = ["DATASET_DRIFT", "FEATURE_PSI", "DATA_QUALITY", "WEIGHTED_DRIFT"];

export const KIND_LABELS: Record<TStoredAlertKind, string> = {
  ARTIFACT_INTEGRITY: "Artifact integrity",
  METRIC_THRESHOLD: "Metric threshold",
  DATASET_DRIFT: "Dataset drift",
  FEATURE_PSI: "Feature PSI",
  DATA_QUALITY: "Data quality",
  LATENCY: "Latency",
  ERROR_RATE: "Error rate",
  STALENESS: "Staleness",
  WEIGHTED_DRIFT: "Importance-weighted drift",
};

/** Metric a LATENCY / ERROR_RATE rule watches when its config names none. */
export const DEFAULT_METRIC: Partial<Record<TAlertKind, string>> = {
  LATENCY: "latency_p95_ms",
  ERROR_RATE: "error_rate",
};

export function isMetricSpec(
  spec: TRuleSpec,
): spec is Extract<TRuleSpec, { kind: "METRIC_THRESHOLD" | "LATENCY" | "ERROR_RATE" }> {
  return METRIC_KINDS.includes(spec.kind);
}

export function isWindowSpec(
  spec: TRuleSpec,
): spec is Extract<TRuleSpec, { kind: "DATASET_DRIFT" | "FEATURE_PSI" | "DATA_QUALITY" | "WEIGHTED_DRIFT" }> {
  return WINDOW_KINDS.includes(spec.kind);
}

// ───────── reading stored configs ─────────

type TRead<T> = { ok: true; config: T } | { ok: false; errors: { path: string; message: string }[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const share = (v: unknown): v is number => finite(v) && v >= 0 && v <= 1;

/**
 * Reads a stored config for its kind, with the defaults of LATENCY / ERROR_RATE applied. Stored configs come
 * through the API's zod schemas or the demo seed; this guards the evaluator against anything else in the
 * column (a hand-edited row), which then makes the rule "misconfigured" instead of crashing an ingestion.
 */
export function readRuleConfig(kind: TAlertKind, raw: unknown): TRead<TRuleConfigByKind[TAlertKind]> {
  const errors: { path: string; message: string }[] = [];
  const c = isObject(raw) ? raw : {};
  if (!isObject(raw)) errors.push({ path: "config", message: "The config must be an object." });
  const optionalFeature = () => {
    if (c.feature === undefined || c.feature === null) return undefined;
    if (typeof c.feature !== "string" || !c.feature)
      errors.push({ path: "config.feature", message: "A feature name, or leave it out for every feature." });
    return typeof c.feature === "string" && c.feature ? c.feature : undefined;
  };
  switch (kind) {
    case "METRIC_THRESHOLD":
    case "LATENCY":
    case "ERROR_RATE": {
      const metric = typeof c.metric === "string" && c.metric ? c.metric : DEFAULT_METRIC[kind];
      if (!metric) errors.push({ path: "config.metric", message: "Name the metric to watch." });
      if (!COMPARISONS.includes(c.op as TComparison))
        errors.push({ path: "config.op", message: `One of ${COMPARISONS.join(" ")}.` });
      if (!finite(c.value)) errors.push({ path: "config.value", message: "A number." });
      if (!finite(c.windowHours) || c.windowHours <= 0 || c.windowHours > MAX_WINDOW_HOURS)
        errors.push({ path: "config.windowHours", message: `Hours in (0, ${MAX_WINDOW_HOURS}].` });
      return errors.length
        ? { ok: false, errors }
        : {
            ok: true,
            config: {
              metric: metric!,
              op: c.op as TComparison,
              value: c.value as number,
              windowHours: c.windowHours as number,
            },
          };
    }
    case "DATASET_DRIFT":
      if (!share(c.share) || c.share === 0)
        errors.push({ path: "config.share", message: "A share of drifted features in (0, 1]." });
      return errors.length ? { ok: false, errors } : { ok: true, config: { share: c.share as number } };
    case "FEATURE_PSI": {
      const feature = optionalFeature();
      if (!(typeof c.band === "string" && c.band in PSI_BANDS))
        errors.push({ path: "config.band", message: "moderate (PSI ≥ 0.1) or significant (PSI ≥ 0.25)." });
      return errors.length
        ? { ok: false, errors }
        : { ok: true, config: { ...(feature ? { feature } : {}), band: c.band as TPsiBand } };
    }
    case "DATA_QUALITY": {
      const feature = optionalFeature();
      const out: TDataQualityConfig = feature ? { feature } : {};
      for (const key of ["maxMissingRate", "maxUnseenShare"] as const) {
        if (c[key] === undefined || c[key] === null) continue;
        if (!share(c[key])) errors.push({ path: `config.${key}`, message: "A share in [0, 1]." });
        else out[key] = c[key] as number;
      }
      if (out.maxMissingRate === undefined && out.maxUnseenShare === undefined && !errors.length) {
        errors.push({ path: "config.maxMissingRate", message: "Set maxMissingRate, maxUnseenShare or both." });
      }
      return errors.length ? { ok: false, errors } : { ok: true, config: out };
    }
    case "STALENESS":
      if (!finite(c.hours) || c.hours <= 0 || c.hours > MAX_WINDOW_HOURS)
        errors.push({ path: "config.hours", message: `Hours in (0, ${MAX_WINDOW_HOURS}].` });
      return errors.length ? { ok: false, errors } : { ok: true, config: { hours: c.hours as number } };
    case "WEIGHTED_DRIFT":
      if (!finite(c.value) || c.value <= 0 || c.value > MAX_WEIGHTED_DRIFT)
        errors.push({ path: "config.value", message: `A weighted PSI in (0, ${MAX_WEIGHTED_DRIFT}], e.g. 0.2.` });
      return errors.length ? { ok: false, errors } : { ok: true, config: { value: c.value as number } };
  }
}

/** The kind and a valid config together, or null when the stored config is unusable. */
export function toRuleSpec(kind: TStoredAlertKind, raw: unknown): TRuleSpec | null {
  if (isSystemAlertKind(kind)) return null;
  const r = readRuleConfig(kind, raw);
  return r.ok ? ({ kind, config: r.config } as TRuleSpec) : null;
}

/** One line a person reads: "auc < 0.75 over 24 h". */
export function describeRule(spec: TRuleSpec): string {
  switch (spec.kind) {
    case "METRIC_THRESHOLD":
    case "LATENCY":
    case "ERROR_RATE":
      return `${spec.config.metric} ${spec.config.op} ${spec.config.value} over ${hours(spec.config.windowHours)}`;
    case "DATASET_DRIFT":
      return `${pct(spec.config.share)} or more of the features drift`;
    case "FEATURE_PSI":
      return `PSI of ${spec.config.feature ?? "any feature"} ≥ ${PSI_BANDS[spec.config.band]} (${spec.config.band})`;
    case "DATA_QUALITY": {
      const parts = [];
      if (spec.config.maxMissingRate !== undefined) parts.push(`missing > ${pct(spec.config.maxMissingRate)}`);
      if (spec.config.maxUnseenShare !== undefined)
        parts.push(`unseen categories > ${pct(spec.config.maxUnseenShare)}`);
      return `${spec.config.feature ?? "any feature"}: ${parts.join(" or ")}`;
    }
    case "STALENESS":
      return `no production data for ${hours(spec.config.hours)}`;
    case "WEIGHTED_DRIFT":
      return `importance-weighted drift > ${spec.config.value}`;
  }
}

// ───────── facts and the judge ─────────

/** Average of a metric over one period (from, to], epoch ms; avg null when no point fell in it. */
export type TMetricPeriod = { from: number; to: number; avg: number | null; count: number };

/** What the judge needs of one stored sample window. */
export type TWindowFacts = {
  id: string;
  windowEnd: number;
  driftedShare: number | null;
  /** PSI per feature ("__prediction__" excluded by the loader), null when not computable. */
  psi: Record<string, number | null>;
  quality: Record<string, { missingRate: number; unseenShare: number }>;
  /** The window's importance-weighted drift score; null when it was stored without one (no importances). */
  weightedDrift: number | null;
};

/**
 * Aggregates loaded for one rule and its subject version. Only what the kind needs is filled in:
 * metric kinds get `metricPeriods` (newest first, see `metricPeriodsFor`), window kinds get `windows`
 * (newest first, at most WINDOW_MAX_AGE_HOURS old), STALENESS gets `lastDataAt` and `liveSince`.
 */
export type TRuleFacts = {
  now: number;
  metricPeriods?: TMetricPeriod[];
  windows?: TWindowFacts[];
  lastDataAt?: number | null;
  liveSince?: number | null;
};

export type TRuleOutcome = {
  /** true: the condition holds; false: it does not; null: no data to judge (the alert state is kept). */
  violated: boolean | null;
  value: number | null;
  message: string;
  evidence: Record<string, unknown>;
  /**
   * How many consecutive periods, newest first, the condition held in: metric periods for metric kinds,
   * sample windows for window kinds, 1 for a stale version. 0 when not violated now. Feeds the retraining trigger.
   */
  streak: number;
};

const HOUR = 3_600_000;

/**
 * The periods a metric rule is judged on, newest first: `count` consecutive periods of windowHours ending at
 * `now`. Period 0 decides whether the rule is violated; the older ones tell whether it stays violated.
 */
export function metricPeriodsFor(
  config: TMetricRuleConfig,
  now: number,
  count: number,
): { from: number; to: number }[] {
  const w = config.windowHours * HOUR;
  return Array.from({ length: Math.max(1, count) }, (_, i) => ({ from: now - (i + 1) * w, to: now - i * w }));
}

export function compare(value: number, op: TComparison, threshold: number): boolean {
  switch (op) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}

/** Judges one rule against its facts. Pure; never throws on missing facts (they make the outcome unknown). */
export function evaluateRule(spec: TRuleSpec, facts: TRuleFacts): TRuleOutcome {
  switch (spec.kind) {
    case "METRIC_THRESHOLD":
    case "LATENCY":
    case "ERROR_RATE":
      return evaluateMetric(spec.config, facts);
    case "DATASET_DRIFT":
      return evaluateWindows(
        facts,
        (w) =>
          w.driftedShare === null
            ? null
            : {
                value: w.driftedShare,
                holds: w.driftedShare >= spec.config.share,
                detail: `${pct(w.driftedShare)} of the features drifted (rule: ≥ ${pct(spec.config.share)})`,
              },
        { share: spec.config.share },
      );
    case "FEATURE_PSI":
      return evaluateWindows(facts, (w) => worstPsi(w, spec.config), {
        feature: spec.config.feature ?? null,
        band: spec.config.band,
        threshold: PSI_BANDS[spec.config.band],
      });
    case "DATA_QUALITY":
      return evaluateWindows(facts, (w) => worstQuality(w, spec.config), { ...spec.config });
    case "STALENESS":
      return evaluateStaleness(spec.config, facts);
    case "WEIGHTED_DRIFT":
      return evaluateWindows(
        facts,
        (w) =>
          w.weightedDrift === null
            ? null
            : {
                value: w.weightedDrift,
                holds: w.weightedDrift > spec.config.value,
                detail: `Importance-weighted drift is ${fmt(w.weightedDrift)} (rule: > ${spec.config.value})`,
              },
        { value: spec.config.value },
      );
  }
}

function evaluateMetric(c: TMetricRuleConfig, facts: TRuleFacts): TRuleOutcome {
  const periods = facts.metricPeriods ?? [];
  const current = periods[0];
  const evidence = {
    metric: c.metric,
    op: c.op,
    threshold: c.value,
    windowHours: c.windowHours,
    periods: periods.map((p) => ({ from: iso(p.from), to: iso(p.to), avg: p.avg, count: p.count })),
  };
  if (!current || current.avg === null) {
    return {
      violated: null,
      value: null,
      message: `No ${c.metric} point in the last ${hours(c.windowHours)}.`,
      evidence,
      streak: 0,
    };
  }
  let streak = 0;
  for (const p of periods) {
    if (p.avg === null || !compare(p.avg, c.op, c.value)) break;
    streak++;
  }
  const violated = streak > 0;
  const avg = fmt(current.avg);
  const message = violated
    ? `${c.metric} averaged ${avg} over the last ${hours(c.windowHours)} (rule: ${c.op} ${c.value}).`
    : `${c.metric} averaged ${avg} over the last ${hours(c.windowHours)}, within the rule (${c.op} ${c.value} alerts).`;
  return { violated, value: current.avg, message, evidence, streak };
}

type TWindowJudgement = { value: number; holds: boolean; detail: string; feature?: string } | null;

function evaluateWindows(
  facts: TRuleFacts,
  judge: (w: TWindowFacts) => TWindowJudgement,
  config: Record<string, unknown>,
): TRuleOutcome {
  const windows = (facts.windows ?? []).filter((w) => facts.now - w.windowEnd <= WINDOW_MAX_AGE_HOURS * HOUR);
  const judged = windows.map((w) => ({ w, j: judge(w) }));
  const latest = judged[0];
  const evidence = {
    ...config,
    windows: judged.map(({ w, j }) => ({
      windowId: w.id,
      windowEnd: iso(w.windowEnd),
      value: j?.value ?? null,
      holds: j?.holds ?? null,
      ...(j?.feature ? { feature: j.feature } : {}),
    })),
  };
  if (!latest || !latest.j) {
    return {
      violated: null,
      value: null,
      message: "No production sample window in the last 7 days to judge.",
      evidence,
      streak: 0,
    };
  }
  let streak = 0;
  for (const { j } of judged) {
    if (!j?.holds) break;
    streak++;
  }
  const when = `window ending ${iso(latest.w.windowEnd).slice(0, 16).replace("T", " ")} UTC`;
  return {
    violated: latest.j.holds,
    value: latest.j.value,
    message: `${latest.j.detail} in the ${when}.`,
    evidence,
    streak,
  };
}

function worstPsi(w: TWindowFacts, c: TFeaturePsiConfig): TWindowJudgement {
  const threshold = PSI_BANDS[c.band];
  const entries = Object.entries(w.psi).filter(([f, v]) => (c.feature ? f === c.feature : true) && v !== null) as [
    string,
    number,
  ][];
  if (!entries.length) return null;
  const [feature, value] = entries.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    value,
    holds: value >= threshold,
    feature,
    detail: `PSI of ${feature} is ${fmt(value)} (rule: ≥ ${threshold}, ${c.band})`,
  };
}

function worstQuality(w: TWindowFacts, c: TDataQualityConfig): TWindowJudgement {
  const features = Object.entries(w.quality).filter(([f]) => (c.feature ? f === c.feature : true));
  if (!features.length) return null;
  // The judged value is the largest excess over its bound (or, when nothing exceeds, the closest approach),
  // so the evidence names the one finding that matters most.
  let best: { value: number; margin: number; feature: string; what: string; bound: number } | null = null;
  for (const [feature, q] of features) {
    const checks: [number, number | undefined, string][] = [
      [q.missingRate, c.maxMissingRate, "missing rate"],
      [q.unseenShare, c.maxUnseenShare, "unseen-category share"],
    ];
    for (const [value, bound, what] of checks) {
      if (bound === undefined) continue;
      const margin = value - bound;
      if (!best || margin > best.margin) best = { value, margin, feature, what, bound };
    }
  }
  if (!best) return null;
  const holds = best.margin > 0;
  return {
    value: best.value,
    holds,
    feature: best.feature,
    detail: `${best.what} of ${best.feature} is ${pct(best.value)} (rule: > ${pct(best.bound)})`,
  };
}

function evaluateStaleness(c: TStalenessConfig, facts: TRuleFacts): TRuleOutcome {
  const since = Math.max(facts.lastDataAt ?? -Infinity, facts.liveSince ?? -Infinity);
  const evidence = {
    hours: c.hours,
    lastDataAt: facts.lastDataAt ? iso(facts.lastDataAt) : null,
    liveSince: facts.liveSince ? iso(facts.liveSince) : null,
  };
  if (!Number.isFinite(since))
    return {
      violated: null,
      value: null,
      message: "The version is not live and has no production data.",
      evidence,
      streak: 0,
    };
  const quietHours = Math.max(0, (facts.now - since) / HOUR);
  const violated = quietHours >= c.hours;
  const last = facts.lastDataAt
    ? `last production data ${hours(round1(quietHours))} ago`
    : `no production data since it went live ${hours(round1(quietHours))} ago`;
  return {
    violated,
    value: round1(quietHours),
    message: violated ? `Stale: ${last} (rule: ${hours(c.hours)}).` : `Fresh: ${last}.`,
    evidence,
    streak: violated ? 1 : 0,
  };
}

// ───────── formatting ─────────

function hours(h: number): string {
  return h % 24 === 0 && h >= 48 ? `${h / 24} days` : `${h} h`;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
