"use client";

import { useState } from "react";
import { DistributionChart } from "@/components/charts/distribution-chart";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { byDriftedFirst } from "@/lib/domain/charts/distribution";

type Feature = {
  feature: string;
  method: string;
  psi: number | null;
  pValue: number | null;
  drifted: boolean;
  details: Record<string, unknown>;
};

/** Pick a feature (drifted ones first and flagged) to see its reference vs latest-window distribution. */
export function DistributionExplorer({
  features,
  currentName = "Latest window",
}: {
  features: Feature[];
  currentName?: string;
}) {
  const ordered = [...features].sort(byDriftedFirst);
  const [selected, setSelected] = useState(ordered[0]?.feature ?? "");
  const current = features.find((f) => f.feature === selected) ?? null;
  if (features.length === 0)
    return <p className="text-sm text-slate-600">No feature statistics in the latest window.</p>;
  return (
    <div className="grid gap-4 md:grid-cols-[14rem_1fr]" data-testid="distribution-explorer">
      <ul className="max-h-72 space-y-0.5 overflow-y-auto text-sm" aria-label="Features">
        {ordered.map((f) => (
          <li key={f.feature}>
            <button
              type="button"
              onClick={() => setSelected(f.feature)}
              aria-pressed={f.feature === selected}
              className={cn(
                "flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left",
                f.feature === selected ? "bg-slate-800 text-white" : "hover:bg-slate-100",
              )}
            >
              <span className="truncate font-mono text-xs">{f.feature}</span>
              {f.drifted ? (
                <Badge tone="red">drift</Badge>
              ) : (
                <span className="text-xs opacity-60">{f.psi?.toFixed(2) ?? "—"}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <div>
        {current && (
          <>
            <p className="mb-2 text-xs text-slate-600">
              <span className="font-mono font-medium text-slate-800">{current.feature}</span> · decided by{" "}
              {current.method}
              {current.pValue !== null ? ` (p = ${current.pValue.toPrecision(3)})` : ""} · PSI{" "}
              {current.psi?.toFixed(3) ?? "—"} ·{" "}
              {current.drifted ? <strong className="text-rose-700">drifted</strong> : "no drift"}
            </p>
            <DistributionChart
              details={current.details}
              currentName={currentName}
              label={`Distribution of ${current.feature}: reference vs ${currentName.toLowerCase()}`}
            />
          </>
        )}
      </div>
    </div>
  );
}
