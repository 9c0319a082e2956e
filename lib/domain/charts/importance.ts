import {
  compareImportance,
  droppedFeatures,
  ordinal,
  rankImportance,
  topShare,
  type TRankChange,
} from "../importance/feature-importance";

/** How many bars an importance chart shows; the rest are counted in the caption ("top 15 of 40"). */
export const IMPORTANCE_CHART_MAX = 15;

/** The one colour of each side, the same on every version page. */
export const IMPORTANCE_COLORS = { version: "#4f46e5", champion: "#94a3b8", unapproved: "#e11d48" } as const;

export type TImportanceBar = { feature: string; share: number; label: string; rank: number; approved: boolean };
export type TImportanceChartData = {
  bars: TImportanceBar[];
  shown: number;
  total: number;
  caption: string;
  topShare: number;
};

/**
 * Bars for a ranked horizontal chart: share of the total importance per feature, most important first, capped
 * at IMPORTANCE_CHART_MAX with "N of M" in the caption. `approved` (when a model list is given) colours the
 * features outside it, which the approved-list gate requirement would flag.
 */
export function prepareImportanceChart(
  values: Record<string, number>,
  approvedFeatures: readonly string[] = [],
): TImportanceChartData {
  const ranked = rankImportance(values);
  const approved = new Set(approvedFeatures);
  const bars = ranked.slice(0, IMPORTANCE_CHART_MAX).map((r) => ({
    feature: r.feature,
    share: r.share,
    label: formatPercent(r.share),
    rank: r.rank,
    approved: approved.size === 0 || approved.has(r.feature),
  }));
  const share = topShare(ranked);
  const caption = `${ranked.length > bars.length ? `Top ${bars.length} of ${ranked.length} features` : `${ranked.length} features`}; the top 3 hold ${formatPercent(share)} of the importance.`;
  return { bars, shown: bars.length, total: ranked.length, caption, topShare: share };
}

export type TRankChangeRow = TRankChange & { change: string; direction: "up" | "down" | "same" | "new" };

/** The comparison table: every feature of this version with its rank change against the champion. */
export function prepareRankChanges(
  challenger: Record<string, number>,
  champion: Record<string, number>,
): { rows: TRankChangeRow[]; dropped: string[] } {
  const rows = compareImportance(challenger, champion).map((r) => {
    if (r.rankDelta === null) return { ...r, change: "new", direction: "new" as const };
    if (r.rankDelta === 0) return { ...r, change: "=", direction: "same" as const };
    return {
      ...r,
      change: `${r.rankDelta > 0 ? "↑" : "↓"} ${Math.abs(r.rankDelta)} (was ${ordinal(r.championRank!)})`,
      direction: r.rankDelta > 0 ? ("up" as const) : ("down" as const),
    };
  });
  return { rows, dropped: droppedFeatures(challenger, champion).map((d) => d.feature) };
}

export function formatPercent(share: number): string {
  const p = 100 * share;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
