"use client";

import { useState } from "react";
import type { TRangeChoice } from "@/lib/client/monitoring";
import { RANGE_PRESETS, type TRangePreset } from "@/lib/domain/charts/time-buckets";
import { cn } from "@/components/ui/cn";

/** 24 h / 7 d / 30 d / 90 d presets plus a custom from–to range (UTC dates). */
export function RangePicker({ value, onChange }: { value: TRangeChoice; onChange: (r: TRangeChoice) => void }) {
  const [custom, setCustom] = useState({ from: "", to: "" });
  const active = "range" in value ? value.range : "custom";
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Time range">
      {(Object.keys(RANGE_PRESETS) as TRangePreset[]).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={active === r}
          onClick={() => onChange({ range: r })}
          className={cn(
            "rounded-md px-2.5 py-1 text-xs font-medium",
            active === r
              ? "bg-slate-800 text-white"
              : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50",
          )}
        >
          {r}
        </button>
      ))}
      <form
        className="ml-2 flex items-center gap-1 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          if (custom.from && custom.to)
            onChange({
              from: new Date(`${custom.from}T00:00:00Z`).toISOString(),
              to: new Date(`${custom.to}T23:59:59Z`).toISOString(),
            });
        }}
      >
        <input
          type="date"
          aria-label="From"
          value={custom.from}
          onChange={(e) => setCustom({ ...custom, from: e.target.value })}
          className="rounded border border-slate-300 px-1 py-0.5"
        />
        <span>–</span>
        <input
          type="date"
          aria-label="To"
          value={custom.to}
          onChange={(e) => setCustom({ ...custom, to: e.target.value })}
          className="rounded border border-slate-300 px-1 py-0.5"
        />
        <button
          type="submit"
          aria-pressed={active === "custom"}
          className={cn(
            "rounded-md px-2 py-1 font-medium",
            active === "custom" ? "bg-slate-800 text-white" : "ring-1 ring-slate-300",
          )}
        >
          Custom
        </button>
      </form>
    </div>
  );
}
