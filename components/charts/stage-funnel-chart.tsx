"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { STAGE_COLORS } from "@/lib/domain/charts/palette";
import { STAGE_LABELS, type TStage } from "@/lib/domain/lifecycle/stages";
import { ChartFrame } from "./chart-frame";

export function StageFunnelChart({ data, unit }: { data: { stage: TStage; count: number }[]; unit: string }) {
  const rows = data.map((d) => ({ ...d, label: STAGE_LABELS[d.stage] }));
  return (
    <ChartFrame
      label={`${unit} by stage`}
      isEmpty={rows.every((r) => r.count === 0)}
      emptyText={`No ${unit} registered yet. Register a model to see the funnel.`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 32, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: "#64748b" }} />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12, fill: "#334155" }} />
          <Tooltip formatter={(v) => [v, unit]} cursor={{ fill: "#f1f5f9" }} />
          <Bar dataKey="count" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.stage} fill={STAGE_COLORS[r.stage]} />
            ))}
            <LabelList dataKey="count" position="right" style={{ fontSize: 12, fill: "#334155" }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
