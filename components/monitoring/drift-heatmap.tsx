import { heatTone } from "@/lib/domain/charts/distribution";
import type { TDriftOverview } from "@/lib/server/monitoring/get-drift-overview";
import { PREDICTION_KEY as PREDICTION_FEATURE } from "@/lib/domain/monitoring/columns";

const TONE = {
  none: "bg-slate-50",
  stable: "bg-emerald-100",
  moderate: "bg-amber-300",
  significant: "bg-rose-500",
} as const;

const day = (iso: string) => iso.slice(5, 10);

/** Drift per feature over windows: one row per feature, one cell per window, coloured by PSI band. */
export function DriftHeatmap({ data }: { data: TDriftOverview }) {
  const byKey = new Map(data.cells.map((c) => [`${c.windowId}|${c.feature}`, c]));
  return (
    <div className="overflow-x-auto" data-testid="drift-heatmap">
      <table className="border-separate border-spacing-0.5 text-xs">
        <thead>
          <tr>
            <th className="sticky left-0 bg-white pr-2 text-left font-medium text-slate-500">Feature</th>
            {data.windows.map((w, i) => (
              <th key={w.id} className="w-5 font-normal text-slate-400" title={`${w.start} → ${w.end}`}>
                {i % 5 === 0 || i === data.windows.length - 1 ? day(w.end) : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.features.map((f) => (
            <tr key={f}>
              <th
                scope="row"
                className="sticky left-0 whitespace-nowrap bg-white pr-2 text-left font-mono font-normal text-slate-700"
              >
                {f === PREDICTION_FEATURE ? "prediction" : f}
              </th>
              {data.windows.map((w) => {
                const c = byKey.get(`${w.id}|${f}`);
                const tone = heatTone(c ? { psi: c.psi, drifted: c.drifted } : undefined);
                const title = c
                  ? `${f} · window ending ${w.end.slice(0, 16).replace("T", " ")} · ${c.method}${c.pValue !== null ? ` p=${c.pValue.toPrecision(3)}` : ""} · PSI ${c.psi?.toFixed(3) ?? "—"}${c.drifted ? " · DRIFTED" : ""}`
                  : `${f}: no data`;
                return (
                  <td
                    key={w.id}
                    title={title}
                    data-drifted={c?.drifted ?? false}
                    className={`h-5 w-5 rounded-sm ${TONE[tone]} ${c?.drifted ? "ring-2 ring-rose-700 ring-inset" : ""}`}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-xs text-slate-600">
        <span className="flex items-center gap-1">
          <span className="size-3 rounded-sm bg-emerald-100" /> PSI &lt; 0.1
        </span>
        <span className="flex items-center gap-1">
          <span className="size-3 rounded-sm bg-amber-300" /> 0.1–0.25
        </span>
        <span className="flex items-center gap-1">
          <span className="size-3 rounded-sm bg-rose-500" /> ≥ 0.25
        </span>
        <span className="flex items-center gap-1">
          <span className="size-3 rounded-sm ring-2 ring-rose-700 ring-inset" /> drift decided (KS/χ² or Wasserstein/JS)
        </span>
        <span>Hover a cell for the method and values.</span>
      </div>
    </div>
  );
}
