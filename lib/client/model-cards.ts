import { useMutation } from "@tanstack/react-query";
import type { TModelCard, TUpdateModelCardRequest } from "@/lib/schemas/model-cards";
import { apiFetch } from "./http";

// The card is server-rendered with the model page; after saving, the caller refreshes the route.
export function useUpdateModelCard(modelId: string) {
  return useMutation({
    mutationFn: (input: TUpdateModelCardRequest) =>
      apiFetch<TModelCard>(`/api/v1/models/${modelId}/card`, { method: "PUT", json: input }),
  });
}
