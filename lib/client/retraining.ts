import { useMutation } from "@tanstack/react-query";
import type { TRetrainingRequest, TUpdateRetrainingRequest } from "@/lib/schemas/retraining";
import { apiFetch } from "./http";

// Shown on the server-rendered model page: the caller refreshes the route after a change.
export function useUpdateRetrainingRequest() {
  return useMutation({
    mutationFn: ({ retrainingId, input }: { retrainingId: string; input: TUpdateRetrainingRequest }) =>
      apiFetch<TRetrainingRequest>(`/api/v1/retraining-requests/${encodeURIComponent(retrainingId)}`, {
        method: "PATCH",
        json: input,
      }),
  });
}
