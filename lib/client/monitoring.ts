import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TRangePreset } from "@/lib/domain/charts/time-buckets";
import type { TDriftPreviewResponse } from "@/lib/schemas/monitoring";
import type { TSeriesResponse } from "@/lib/schemas/series";
import { ApiError, apiFetch, toApiError } from "./http";

export type TSeriesScope = { kind: "version"; id: string } | { kind: "model"; id: string };
export type TRangeChoice = { range: TRangePreset } | { from: string; to: string };

export const monitoringKeys = {
  all: ["monitoring"] as const,
  series: (scope: TSeriesScope, names: string[], range: TRangeChoice) =>
    [...monitoringKeys.all, "series", scope.kind, scope.id, names.join(","), range] as const,
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

export type TUploadProgress = { loaded: number; total: number };

/**
 * Sends a CSV or JSON file to the drift preview with XMLHttpRequest, not fetch: only XHR reports upload
 * progress, which a 20 MiB file needs. The file is streamed as the body as it is (no read into memory).
 * The promise rejects with an ApiError for problem+json answers and with an AbortError when aborted.
 */
export function uploadDriftPreview(
  versionId: string,
  file: File,
  onProgress: (p: TUploadProgress) => void,
): { done: Promise<TDriftPreviewResponse>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<TDriftPreviewResponse>((resolve, reject) => {
    xhr.open("POST", `/api/v1/versions/${encodeURIComponent(versionId)}/drift-preview`);
    xhr.setRequestHeader("content-type", isJsonFile(file) ? "application/json" : "text/csv");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as TDriftPreviewResponse);
      else reject(toApiError(xhr.status, xhr.statusText, body, "The comparison failed."));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "Network error", "The upload was interrupted; check the connection and try again.", []));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

function isJsonFile(file: File): boolean {
  return file.type === "application/json" || file.name.toLowerCase().endsWith(".json");
}
