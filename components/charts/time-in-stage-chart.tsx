"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DURATION_COLORS } from "@/lib/domain/charts/palette";
import { STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import type { TStageTime } from "@/lib/domain/overview/time-in-stage";
import { ChartFrame } from "./chart-frame";

const days = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)} d` : "no stay ended");

/**
 * Median and p90 days per pipeline stage, side by side; a stage without finished stays has no bars (a gap,
 * not zero). Monitoring is left to the caller's caption: a live period lasts months and would flatten the
 * pipeline stages this chart is about.
 */
export function TimeInStageChart({ data, windowDays }: { data: TStageTime[]; windowDays: number }) {
  const pipeline = data.filter((d) => d.stage !== "MONITORING");
  const rows = pipeline.map((d) => ({
    label: `${STAGE_LABELS[d.stage]} (${d.count})`,
    median: d.medianDays,
    p90: d.p90Days,
  }));
  return (
    <ChartFrame
      label="Time in stage"
      isEmpty={pipeline.every((d) => d.count === 0)}
      emptyText={`No version left a stage in the last ${windowDays} days. A stay counts once the version moves on.`}
      height={260}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: -8, right: 8, top: 8, bottom: 0 }} barGap={2}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#334155" }} interval={0} />
          <YAxis tick={{ fontSize: 12, fill: "#64748b" }} unit=" d" />
          <Tooltip formatter={(v) => days(v)} cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter="dataKey" />
          <Bar
            dataKey="median"
            name="Median"
            fill={DURATION_COLORS.median}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Bar
            dataKey="p90"
            name="90th percentile"
            fill={DURATION_COLORS.p90}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
