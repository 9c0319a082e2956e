import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TRangePreset } from "@/lib/domain/charts/time-buckets";
import type { TSeriesResponse } from "@/lib/schemas/series";
import { apiFetch } from "./http";

export type TSeriesScope = { kind: "version"; id: string } | { kind: "model"; id: string };
export type TRangeChoice = { range: TRangePreset } | { from: string; to: string };

export const monitoringKeys = {
  all: ["monitoring"] as const,
  series: (scope: TSeriesScope, names: string[], range: TRangeChoice) => [...monitoringKeys.all, "series", scope.kind, scope.id, names.join(","), range] as const,
};

export function useMetricSeries(scope: TSeriesScope, names: string[], range: TRangeChoice) {
  const q = new URLSearchParams({ names: names.join(","), ...range });
  const base = scope.kind === "version" ? `/api/v1/versions/${scope.id}/series` : `/api/v1/models/${scope.id}/series`;
  return useQuery({
    queryKey: monitoringKeys.series(scope, names, range),
    queryFn: () => apiFetch<TSeriesResponse>(`${base}?${q.toString()}`),
    placeholderData: keepPreviousData,
  });
}
