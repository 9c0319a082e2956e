/**
 * Time ranges and buckets for timeline charts. A series never sends more than MAX_POINTS buckets to the
 * browser: the bucket is the smallest step of a fixed ladder that keeps the range under the cap, so
 * the same range always gives the same bucket (stable charts, cacheable queries).
 */
export const MAX_POINTS = 1000;

export const RANGE_PRESETS = { "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400, "90d": 90 * 86_400 } as const;
export type TRangePreset = keyof typeof RANGE_PRESETS;

const LADDER_SECONDS = [60, 300, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

export function chooseBucketSeconds(fromMs: number, toMs: number, maxPoints = MAX_POINTS): number {
  const span = Math.max(1, (toMs - fromMs) / 1000);
  return LADDER_SECONDS.find((b) => span / b <= maxPoints) ?? Math.ceil(span / maxPoints);
}

export type TBucketRow = { t: number; avg: number; min: number; max: number; count: number };
export type TSeriesPoint = { t: number; avg: number | null; min: number | null; max: number | null; count: number };

/**
 * Orders bucket rows and marks gaps: where consecutive buckets are more than one bucket apart, one null
 * point is inserted so the line breaks. Missing data is a gap, never a zero.
 */
export function withGaps(rows: TBucketRow[], bucketSeconds: number): TSeriesPoint[] {
  const sorted = [...rows].sort((a, b) => a.t - b.t);
  const out: TSeriesPoint[] = [];
  const step = bucketSeconds * 1000;
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r.t - prev.t > step) out.push({ t: prev.t + step, avg: null, min: null, max: null, count: 0 });
    out.push(r);
  }
  return out;
}

/** Merges several named series into rows keyed by time, the shape Recharts wants for multi-line charts. */
export function mergeSeries(series: { name: string; points: TSeriesPoint[] }[]): Record<string, number | null>[] {
  const byT = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = byT.get(p.t) ?? { t: p.t };
      row[s.name] = p.avg;
      byT.set(p.t, row);
    }
  }
  return [...byT.values()].sort((a, b) => (a.t as number) - (b.t as number));
}

/** Resolves a preset or a custom range to epoch ms, refusing inverted or empty ranges. */
export function resolveRange(
  input: { range?: TRangePreset; from?: string; to?: string },
  nowMs: number,
): { fromMs: number; toMs: number } | { error: string } {
  if (input.from || input.to) {
    const fromMs = input.from ? Date.parse(input.from) : Number.NaN;
    const toMs = input.to ? Date.parse(input.to) : nowMs;
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
      return { error: "from and to must be ISO 8601 timestamps." };
    if (toMs <= fromMs) return { error: "to must be after from." };
    if (toMs - fromMs > 400 * 86_400_000) return { error: "A custom range covers at most 400 days." };
    return { fromMs, toMs };
  }
  const seconds = RANGE_PRESETS[input.range ?? "7d"];
  return { fromMs: nowMs - seconds * 1000, toMs: nowMs };
}
