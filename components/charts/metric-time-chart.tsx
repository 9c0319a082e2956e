"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatTick, formatValue, SERIES_COLORS } from "@/lib/domain/charts/format";
import { HEALTH_COLORS } from "@/lib/domain/charts/palette";
import { mergeSeries } from "@/lib/domain/charts/time-buckets";
import { useMetricSeries, type TRangeChoice, type TSeriesScope } from "@/lib/client/monitoring";
import { ChartFrame } from "./chart-frame";

type Props = {
  scope: TSeriesScope;
  names: string[];
  range: TRangeChoice;
  label: string;
  unit?: string;
  height?: number;
  /** Draw the health thresholds of these metrics as dashed lines. */
  showThresholds?: boolean;
  emptyHint: string;
};

/**
 * Metrics over time: straight lines between bucket averages, gaps where nothing was measured, health
 * thresholds and deployment markers as reference lines, one crosshair shared by every chart on the page.
 */
export function MetricTimeChart({
  scope,
  names,
  range,
  label,
  unit = "",
  height = 220,
  showThresholds = true,
  emptyHint,
}: Props) {
  const q = useMetricSeries(scope, names, range);
  const data = q.data;
  const rows = data ? mergeSeries(data.series) : [];
  const hasData = !!data && data.series.some((s) => s.points.some((p) => p.avg !== null));
  if (q.isError)
    return (
      <p role="alert" className="text-sm text-rose-700">
        Could not load {label}: {q.error.message}
      </p>
    );
  if (!data)
    return <div style={{ height }} className="animate-pulse rounded-md bg-slate-100" aria-label={`Loading ${label}`} />;
  return (
    <ChartFrame label={label} isEmpty={!hasData} emptyText={emptyHint} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} syncId="monitoring" margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[data.from, data.to]}
            tickFormatter={(t: number) => formatTick(t, data.bucketSeconds)}
            tick={{ fontSize: 11, fill: "#64748b" }}
            minTickGap={40}
          />
          <YAxis
            tick={{ fontSize: 11, fill: "#64748b" }}
            width={56}
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => formatValue(v)}
          />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t)).toISOString().replace("T", " ").slice(0, 16) + " UTC"}
            formatter={(v, n) => [formatValue(v as number, unit), n]}
          />
          {names.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {names.map((n, i) => (
            <Line
              key={n}
              dataKey={n}
              name={n}
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              dot={false}
              strokeWidth={1.5}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          {showThresholds &&
            data.thresholds.flatMap((t) => [
              <ReferenceLine
                key={`${t.metric}-w`}
                y={t.warning}
                stroke={HEALTH_COLORS.WARNING}
                strokeDasharray="4 4"
                label={{ value: `${t.metric} warning`, fontSize: 10, fill: "#b45309", position: "insideTopRight" }}
              />,
              <ReferenceLine
                key={`${t.metric}-c`}
                y={t.critical}
                stroke={HEALTH_COLORS.CRITICAL}
                strokeDasharray="4 4"
                label={{ value: `${t.metric} critical`, fontSize: 10, fill: "#be123c", position: "insideBottomRight" }}
              />,
            ])}
          {data.markers.map((m) => (
            <ReferenceLine
              key={`${m.t}-${m.label}`}
              x={m.t}
              stroke="#7c3aed"
              strokeDasharray="2 3"
              label={{ value: m.label, fontSize: 10, fill: "#6d28d9", position: "insideTopLeft" }}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
