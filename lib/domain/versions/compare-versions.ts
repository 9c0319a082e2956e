/**
 * Side-by-side comparison of 2–4 versions of one model (issue 17): one row per metric, parameter, feature,
 * check and lineage field, with the cells of every version, whether they differ and — for metrics — which
 * version is best. Pure: the server loads the versions, this decides what differs.
 */

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

/** Metric names where a smaller value is better (errors, losses, latency); every other metric is "higher is better". */
const LOWER_IS_BETTER =
  /(^|[_.-])(rmse|mae|mse|mape|smape|loss|log_?loss|logloss|error|error_rate|brier|latency|p95|p99|wape)([_.-]|$)/i;

export function isLowerBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

export type TCompareFeature = {
  name: string;
  type: string;
  categories?: string[];
  min?: number;
  max?: number;
  nullable?: boolean;
};

export type TCompareColumn = {
  number: number;
  lineage: Record<string, string>;
  metrics: Record<string, number>;
  parameters: Record<string, unknown>;
  featureSchema: readonly TCompareFeature[];
  /** The latest status per check name. */
  checks: Record<string, string>;
  /** Other gate evidence in words ("registered", "open", "2 missing"), keyed by label. */
  evidence: Record<string, string>;
  /** The latest production window in words, keyed by label; empty when the version has no window. */
  drift: Record<string, string>;
};

/** One compared value: text shown (null = the version has no such entry) and, for metrics, the number. */
export type TCompareCell = { text: string | null; value: number | null; delta: number | null; best: boolean };
export type TCompareRow = { key: string; cells: TCompareCell[]; differs: boolean };
export type TComparison = {
  numbers: number[];
  lineage: TCompareRow[];
  metrics: TCompareRow[];
  parameters: TCompareRow[];
  features: TCompareRow[];
  checks: TCompareRow[];
  evidence: TCompareRow[];
  drift: TCompareRow[];
  /** Rows that differ, over every section: the headline of the page. */
  differing: number;
};

/** Keys of several records, first-seen order kept (a version's own order is meaningful: lineage, schema). */
function unionKeys(records: readonly Record<string, unknown>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))];
}

/** Stable text of any JSON value: object keys sorted, so {a,b} and {b,a} compare equal. */
export function canonicalText(value: unknown): string {
  if (typeof value === "string") return value;
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

function textRows(records: readonly Record<string, unknown>[], keys = unionKeys(records)): TCompareRow[] {
  return keys.map((key) => {
    const cells = records.map((r): TCompareCell => ({
      text: key in r && r[key] !== undefined ? canonicalText(r[key]) : null,
      value: null,
      delta: null,
      best: false,
    }));
    return { key, cells, differs: new Set(cells.map((c) => c.text)).size > 1 };
  });
}

/** A feature as one line: "numeric 0 … 1, nullable" or "categorical a, b". */
export function describeFeature(f: TCompareFeature): string {
  const range =
    f.type === "categorical"
      ? f.categories?.length
        ? f.categories.join(", ")
        : "any"
      : `${f.min ?? "−∞"} … ${f.max ?? "+∞"}`;
  return `${f.type} ${range}${f.nullable ? ", nullable" : ""}`;
}

function metricRows(columns: readonly TCompareColumn[]): TCompareRow[] {
  return unionKeys(columns.map((c) => c.metrics))
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const values = columns.map((c) =>
        typeof c.metrics[key] === "number" && Number.isFinite(c.metrics[key]) ? c.metrics[key] : null,
      );
      const present = values.filter((v): v is number => v !== null);
      const target = present.length ? (isLowerBetter(key) ? Math.min(...present) : Math.max(...present)) : null;
      // "Best" only means something when versions disagree: equal values crown nobody.
      const hasWinner = present.length > 1 && new Set(present).size > 1;
      const base = values[0];
      const cells = values.map((v, i): TCompareCell => ({
        text: v === null ? null : String(v),
        value: v,
        delta: i === 0 || v === null || base === null ? null : v - base,
        best: hasWinner && v === target,
      }));
      return { key, cells, differs: new Set(values).size > 1 };
    });
}

/**
 * Compares versions column by column; the first column is the baseline that metric deltas are taken against.
 * Throws RangeError outside MIN_COMPARED…MAX_COMPARED columns or when a version appears twice.
 */
export function compareVersions(columns: readonly TCompareColumn[]): TComparison {
  if (columns.length < MIN_COMPARED || columns.length > MAX_COMPARED)
    throw new RangeError(`Compare ${MIN_COMPARED} to ${MAX_COMPARED} versions, got ${columns.length}.`);
  if (new Set(columns.map((c) => c.number)).size !== columns.length)
    throw new RangeError("Each version may be compared once.");
  const features = columns.map((c) => Object.fromEntries(c.featureSchema.map((f) => [f.name, describeFeature(f)])));
  const sections = {
    lineage: textRows(columns.map((c) => c.lineage)),
    metrics: metricRows(columns),
    parameters: textRows(
      columns.map((c) => c.parameters),
      unionKeys(columns.map((c) => c.parameters)).sort((a, b) => a.localeCompare(b)),
    ),
    features: textRows(features),
    checks: textRows(
      columns.map((c) => c.checks),
      unionKeys(columns.map((c) => c.checks)).sort((a, b) => a.localeCompare(b)),
    ),
    evidence: textRows(columns.map((c) => c.evidence)),
    drift: textRows(columns.map((c) => c.drift)),
  };
  const differing = Object.values(sections).reduce((n, rows) => n + rows.filter((r) => r.differs).length, 0);
  return { numbers: columns.map((c) => c.number), ...sections, differing };
}

/**
 * The version numbers a request names, from `?v=1&v=3` or `?v=1,3` (either may repeat), in the order given.
 * Returns an error sentence instead when they are not 2–4 distinct positive integers.
 */
export function parseComparedNumbers(
  raw: string | readonly string[] | undefined,
): { numbers: number[] } | { error: string } {
  const parts = (typeof raw === "string" ? [raw] : (raw ?? []))
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const numbers: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,9}$/.test(p) || Number(p) < 1) return { error: `"${p}" is not a version number.` };
    if (!numbers.includes(Number(p))) numbers.push(Number(p));
  }
  if (numbers.length < MIN_COMPARED) return { error: `Pick at least ${MIN_COMPARED} versions to compare.` };
  if (numbers.length > MAX_COMPARED) return { error: `Compare at most ${MAX_COMPARED} versions at once.` };
  return { numbers };
}
