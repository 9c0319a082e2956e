import type { TVersionDetail } from "@/lib/server/views/get-version-detail";

const fmt = (v: number | null) =>
  v === null ? "—" : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4).replace(/\.?0+$/, "");

/** The candidate's metrics beside the production champion's, with the difference and the tolerance verdict. */
export function ChampionTable({
  champion,
  number,
}: {
  champion: NonNullable<TVersionDetail["champion"]>;
  number: number;
}) {
  return (
    // Scrolls inside its card on a phone instead of widening the page.
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="champion-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Metric</th>
            <th className="py-1 pr-3 font-medium">v{number} (challenger)</th>
            <th className="py-1 pr-3 font-medium">v{champion.number} (champion)</th>
            <th className="py-1 pr-3 font-medium">Difference</th>
            <th className="py-1 font-medium">Within ±{champion.tolerance}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {champion.rows.map((r) => (
            <tr key={r.metric}>
              <td className="py-1.5 pr-3 font-mono text-xs">
                {r.metric}
                {r.lowerIsBetter ? " ↓" : ""}
              </td>
              <td className="py-1.5 pr-3">{fmt(r.challenger)}</td>
              <td className="py-1.5 pr-3">{fmt(r.champion)}</td>
              <td
                className={`py-1.5 pr-3 ${r.delta === null ? "" : r.delta >= 0 ? "text-emerald-700" : "text-rose-700"}`}
              >
                {r.delta === null ? "—" : `${r.delta >= 0 ? "+" : ""}${fmt(r.delta)}`}
              </td>
              <td className="py-1.5">
                {r.withinTolerance === null ? (
                  <span className="text-slate-400">not compared</span>
                ) : r.withinTolerance ? (
                  <span className="text-emerald-700">yes</span>
                ) : (
                  <span className="font-medium text-rose-700">no — regression</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
