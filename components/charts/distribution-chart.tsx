"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { toDistributionRows } from "@/lib/domain/charts/distribution";
import { ChartFrame } from "./chart-frame";

/** Reference vs current share per bin or category, side by side. */
export function DistributionChart({
  details,
  label,
  height = 220,
  currentName = "Latest window",
}: {
  details: Record<string, unknown> | null;
  label: string;
  height?: number;
  currentName?: string;
}) {
  const rows = toDistributionRows(details);
  return (
    <ChartFrame
      label={label}
      isEmpty={rows.length === 0}
      emptyText="No distribution: the reference or the window has no values for this feature."
      height={height}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }} barCategoryGap="15%">
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 10, fill: "#64748b" }}
            interval={0}
            angle={rows.length > 6 ? -30 : 0}
            textAnchor={rows.length > 6 ? "end" : "middle"}
            height={rows.length > 6 ? 48 : 24}
          />
          <YAxis tick={{ fontSize: 11, fill: "#64748b" }} width={40} unit="%" />
          <Tooltip formatter={(v, n) => [`${Number(v).toFixed(1)} %`, n]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="reference" name="Reference" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="current" name={currentName} fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
