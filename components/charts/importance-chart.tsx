"use client";

import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { IMPORTANCE_COLORS, type TImportanceBar } from "@/lib/domain/charts/importance";
import { ChartFrame } from "./chart-frame";

const BAR_HEIGHT = 26;

/** A ranked horizontal bar chart of importance shares, most important on top; bars outside the approved list in red. */
export function ImportanceChart({ bars, side, label }: { bars: TImportanceBar[]; side: "version" | "champion"; label: string }) {
  const height = Math.max(120, bars.length * BAR_HEIGHT + 24);
  const longest = Math.max(0, ...bars.map((b) => b.feature.length));
  // Room for the feature names, but never more than ~40 % of a phone-width chart.
  const axisWidth = Math.min(150, Math.max(60, longest * 7 + 8));
  return (
    <ChartFrame label={label} isEmpty={bars.length === 0} emptyText="No feature importance recorded." height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ left: 0, right: 44, top: 4, bottom: 4 }} barCategoryGap={4}>
          <XAxis type="number" domain={[0, "dataMax"]} hide />
          <YAxis type="category" dataKey="feature" width={axisWidth} tick={{ fontSize: 12, fill: "#334155" }} tickLine={false} axisLine={false} interval={0} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} formatter={(_v, _n, item) => [(item.payload as TImportanceBar).label, `Rank ${(item.payload as TImportanceBar).rank}`]} />
          <Bar dataKey="share" isAnimationActive={false} radius={[0, 3, 3, 0]}>
            {bars.map((b) => (
              <Cell key={b.feature} fill={b.approved ? IMPORTANCE_COLORS[side] : IMPORTANCE_COLORS.unapproved} />
            ))}
            <LabelList dataKey="label" position="right" style={{ fontSize: 11, fill: "#475569" }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
