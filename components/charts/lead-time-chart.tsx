"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { LEAD_TIME_COLOR } from "@/lib/domain/charts/palette";
import type { TLeadTimeBucket } from "@/lib/domain/overview/time-in-stage";
import { ChartFrame } from "./chart-frame";

type Props = { buckets: TLeadTimeBucket[]; medianDays: number | null; windowDays: number };

/**
 * Median DESIGN → MONITORING lead time of the versions that went live each week; weeks without a go-live
 * stay empty (null is a gap, never a zero). The dashed line is the median over the whole window.
 */
export function LeadTimeChart({ buckets, medianDays, windowDays }: Props) {
  const rows = buckets.map((b) => ({ label: b.label, median: b.medianDays, count: b.count }));
  return (
    <ChartFrame
      label="Lead time to production"
      isEmpty={buckets.every((b) => b.count === 0)}
      emptyText={`No version reached Monitoring in the last ${windowDays} days.`}
      height={260}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: -8, right: 16, top: 16, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#334155" }} interval={1} />
          <YAxis tick={{ fontSize: 12, fill: "#64748b" }} unit=" d" />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(v, _name, item) => [
              typeof v === "number"
                ? `${v.toFixed(1)} d (${(item.payload as { count: number }).count} version${(item.payload as { count: number }).count === 1 ? "" : "s"})`
                : "no go-live",
              "Median lead time",
            ]}
            labelFormatter={(l) => `Week of ${l}`}
          />
          {medianDays !== null && (
            <ReferenceLine
              y={medianDays}
              stroke="#475569"
              strokeDasharray="4 4"
              label={{
                value: `median ${medianDays.toFixed(1)} d`,
                position: "insideTopRight",
                fontSize: 11,
                fill: "#475569",
              }}
            />
          )}
          <Bar
            dataKey="median"
            name="Median lead time"
            fill={LEAD_TIME_COLOR}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
