import { psiBand } from "../drift";

export type TDistributionRow = { label: string; reference: number; current: number };

/** Drifted features first, then by PSI (unknown last): what a reviewer should look at comes first. */
export function byDriftedFirst(
  a: { drifted: boolean; psi: number | null },
  b: { drifted: boolean; psi: number | null },
): number {
  return Number(b.drifted) - Number(a.drifted) || (b.psi ?? 0) - (a.psi ?? 0);
}

function fmtEdge(v: number): string {
  const a = Math.abs(v);
  return a >= 10_000 ? `${(v / 1000).toFixed(0)}k` : a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

/**
 * Reference vs current shares per bin (numeric: the reference-quantile bins of the drift result, outer
 * bins open-ended) or per category, as rows for a grouped bar chart. Shares are percentages.
 */
export function toDistributionRows(details: object | null | undefined): TDistributionRow[] {
  // Accepts a numericDrift or categoricalDrift result, possibly read back from JSON storage.
  const d = (details ?? {}) as Record<string, unknown>;
  const nums = (k: string) => (Array.isArray(d[k]) ? (d[k] as number[]) : null);
  const cats = Array.isArray(d.categories) ? (d.categories as string[]) : null;
  const refShares = nums("reference_shares");
  const curShares = nums("current_shares");
  if (cats && refShares && curShares) {
    return cats.map((c, i) => ({ label: c, reference: 100 * (refShares[i] ?? 0), current: 100 * (curShares[i] ?? 0) }));
  }
  const edges = nums("bin_edges");
  const ref = nums("reference_bin_shares");
  const cur = nums("current_bin_shares");
  if (!edges || !ref || !cur || edges.length === 0) return [];
  return ref.map((r, i) => {
    const label =
      i === 0
        ? `≤ ${fmtEdge(edges[0]!)}`
        : i === edges.length
          ? `> ${fmtEdge(edges[edges.length - 1]!)}`
          : `${fmtEdge(edges[i - 1]!)}–${fmtEdge(edges[i]!)}`;
    return { label, reference: 100 * r, current: 100 * (cur[i] ?? 0) };
  });
}

export type THeatCell = { psi: number | null; drifted: boolean };

/** Cell tone of the drift heatmap: the PSI band, with drifted cells always at least "moderate". */
export function heatTone(cell: THeatCell | undefined): "none" | "stable" | "moderate" | "significant" {
  if (!cell) return "none";
  const band = psiBand(cell.psi);
  if (band === "significant") return "significant";
  if (band === "moderate" || cell.drifted) return "moderate";
  return band === null ? "none" : "stable";
}
