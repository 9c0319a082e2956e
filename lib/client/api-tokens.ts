import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TApiToken, TCreateApiTokenRequest, TCreateApiTokenResponse } from "@/lib/schemas/api-tokens";
import { apiFetch } from "./http";

export const apiTokenKeys = {
  all: ["api-tokens"] as const,
  list: () => [...apiTokenKeys.all, "list"] as const,
};

export function useApiTokens(initial?: TApiToken[]) {
  return useQuery({
    queryKey: apiTokenKeys.list(),
    queryFn: async () => (await apiFetch<{ items: TApiToken[] }>("/api/v1/tokens?limit=500")).items,
    initialData: initial,
  });
}

/** The response holds the plain token: read it from `mutation.data` once, it is never fetched again. */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateApiTokenRequest) =>
      apiFetch<TCreateApiTokenResponse>("/api/v1/tokens", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiFetch<TApiToken>(`/api/v1/tokens/${encodeURIComponent(tokenId)}/revoke`, { method: "POST" }),
    // A 409 means someone else revoked it first: refresh either way so the table shows the truth.
    onSettled: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
