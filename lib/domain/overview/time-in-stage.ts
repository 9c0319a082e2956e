import { LIFECYCLE, type TStage } from "../lifecycle/stages";

/**
 * Time-in-stage and lead time, from stage-history entries (every stage a version entered, with when).
 *
 * Conventions (the overview's figures follow them; the unit test checks them on a hand-computed fixture):
 * - A *stay* in stage S runs from a version's entry into S to that version's next entry (whatever its
 *   stage). A version's entries are ordered by time (ties keep their input order).
 * - A stay counts when it *ended* inside the window [now − windowDays, now], both ends included. Stays
 *   still running at `now` are not counted (their length is not known yet); stays that started before
 *   the window but ended inside it count in full. ARCHIVED is terminal and has no stays.
 * - Durations are in days (fractional: 36 h = 1.5 days).
 * - Median and p90 use linear interpolation between closest ranks, as numpy's default
 *   (`np.percentile(x, q)`, method "linear"): sort x ascending, h = (n − 1)·q, result =
 *   x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). A stage without stays has null, not 0.
 * - Lead time DESIGN → MONITORING: for each version whose first MONITORING entry falls inside the window,
 *   that entry's time minus the version's first DESIGN entry (registration). Versions without a DESIGN
 *   entry are left out.
 * - Lead-time buckets: weeks counted back from `now` (the last bucket ends at `now`, the first is cut at
 *   the window start); a week without a version reaching MONITORING has a null median (a gap).
 */
export type TStageEntry = { versionId: string; stage: TStage; enteredAt: number };

export type TStageTime = { stage: TStage; count: number; medianDays: number | null; p90Days: number | null };
export type TLeadTimeBucket = { start: string; label: string; count: number; medianDays: number | null };
export type TTimeInStage = {
  windowDays: number;
  stages: TStageTime[];
  leadTime: { count: number; medianDays: number | null; p90Days: number | null; buckets: TLeadTimeBucket[] };
};

export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** numpy's default percentile (linear interpolation) of an ascending array; q in [0, 1]. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function summarize(values: number[]): { count: number; medianDays: number | null; p90Days: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianDays: quantileSorted(sorted, 0.5), p90Days: quantileSorted(sorted, 0.9) };
}

function groupByVersion(entries: readonly TStageEntry[]): TStageEntry[][] {
  const byVersion = new Map<string, TStageEntry[]>();
  for (const e of entries) {
    const list = byVersion.get(e.versionId);
    if (list) list.push(e);
    else byVersion.set(e.versionId, [e]);
  }
  // Array.prototype.sort is stable, so equal times keep their input order.
  return [...byVersion.values()].map((list) => list.sort((a, b) => a.enteredAt - b.enteredAt));
}

/** Median and p90 days per lifecycle stage, and the DESIGN → MONITORING lead time, over the window. */
export function computeTimeInStage(
  entries: readonly TStageEntry[],
  opts: { now: number; windowDays?: number },
): TTimeInStage {
  const windowDays = opts.windowDays ?? DEFAULT_WINDOW_DAYS;
  const end = opts.now;
  const start = end - windowDays * DAY_MS;
  const inWindow = (t: number) => t >= start && t <= end;
  const stays = new Map<TStage, number[]>(LIFECYCLE.map((s) => [s, []]));
  const leads: { at: number; days: number }[] = [];

  for (const list of groupByVersion(entries)) {
    for (let i = 0; i + 1 < list.length; i++) {
      const stay = stays.get(list[i]!.stage);
      const left = list[i + 1]!.enteredAt;
      if (stay && inWindow(left)) stay.push((left - list[i]!.enteredAt) / DAY_MS);
    }
    const design = list.find((e) => e.stage === "DESIGN");
    const live = list.find((e) => e.stage === "MONITORING");
    if (design && live && inWindow(live.enteredAt) && live.enteredAt >= design.enteredAt) {
      leads.push({ at: live.enteredAt, days: (live.enteredAt - design.enteredAt) / DAY_MS });
    }
  }

  const weeks = Math.ceil(windowDays / 7);
  const perWeek: number[][] = Array.from({ length: weeks }, () => []);
  for (const l of leads) perWeek[Math.max(0, weeks - 1 - Math.floor((end - l.at) / WEEK_MS))]!.push(l.days);
  const buckets = perWeek.map((values, k) => {
    const from = Math.max(start, end - (weeks - k) * WEEK_MS);
    const s = summarize(values);
    return { start: new Date(from).toISOString(), label: dayLabel(from), count: s.count, medianDays: s.medianDays };
  });

  return {
    windowDays,
    stages: LIFECYCLE.map((stage) => ({ stage, ...summarize(stays.get(stage)!) })),
    leadTime: { ...summarize(leads.map((l) => l.days)), buckets },
  };
}

/** "6 Oct", in UTC so the server and the browser print the same label. */
function dayLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}
