"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CRITICALITY_COLORS } from "@/lib/domain/charts/palette";
import type { THealth } from "@/lib/domain/monitoring/health";
import { ChartFrame } from "./chart-frame";

const LABELS: Record<THealth, string> = {
  CRITICAL: "Critical",
  WARNING: "Warning",
  HEALTHY: "Healthy",
  UNKNOWN: "Not monitored",
};

export function HealthByCriticalityChart({
  data,
}: {
  data: { health: THealth; MISSION_CRITICAL: number; INTERNAL: number }[];
}) {
  const rows = data.map((d) => ({ ...d, label: LABELS[d.health] }));
  const empty = rows.every((r) => r.MISSION_CRITICAL + r.INTERNAL === 0);
  return (
    <ChartFrame label="Models by health and criticality" isEmpty={empty} emptyText="No models yet.">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: -16, right: 8, top: 8, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#334155" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#64748b" }} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="MISSION_CRITICAL"
            name="Mission-critical"
            stackId="c"
            fill={CRITICALITY_COLORS.MISSION_CRITICAL}
            isAnimationActive={false}
          />
          <Bar
            dataKey="INTERNAL"
            name="Internal"
            stackId="c"
            fill={CRITICALITY_COLORS.INTERNAL}
            radius={[4, 4, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
