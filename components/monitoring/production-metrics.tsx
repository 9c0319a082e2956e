"use client";

import { useState } from "react";
import { MetricTimeChart } from "@/components/charts/metric-time-chart";
import { RangePicker } from "@/components/charts/range-picker";
import type { TRangeChoice, TSeriesScope } from "@/lib/client/monitoring";

const QUALITY: Record<string, string[]> = { CLASSIFICATION: ["auc", "accuracy"], REGRESSION: ["r2"], OTHER: [] };

/** The production timeline of a model or version: quality, latency percentiles, error rate, traffic. */
export function ProductionMetrics({
  scope,
  problemType,
  apiPath,
}: {
  scope: TSeriesScope;
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
  apiPath: string;
}) {
  const [range, setRange] = useState<TRangeChoice>({ range: "30d" });
  const hint = `No metric in this range. Model servers push points with POST ${apiPath}.`;
  const quality = QUALITY[problemType] ?? [];
  return (
    <div className="space-y-4" data-testid="production-metrics">
      <RangePicker value={range} onChange={setRange} />
      <div className="grid gap-4 xl:grid-cols-2">
        {quality.length > 0 && (
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Model quality</h3>
            <MetricTimeChart
              scope={scope}
              names={quality}
              range={range}
              label="Model quality over time"
              emptyHint={hint}
            />
          </div>
        )}
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Latency (ms)</h3>
          <MetricTimeChart
            scope={scope}
            names={["latency_p50_ms", "latency_p95_ms", "latency_p99_ms"]}
            range={range}
            unit=" ms"
            label="Latency percentiles over time"
            emptyHint={hint}
            showThresholds={false}
          />
        </div>
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Error rate</h3>
          <MetricTimeChart
            scope={scope}
            names={["error_rate"]}
            range={range}
            label="Error rate over time"
            emptyHint={hint}
          />
        </div>
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Requests per hour</h3>
          <MetricTimeChart
            scope={scope}
            names={["requests"]}
            range={range}
            label="Request volume over time"
            emptyHint={hint}
            showThresholds={false}
          />
        </div>
      </div>
    </div>
  );
}
