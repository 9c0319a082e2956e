import { useMutation } from "@tanstack/react-query";
import type {
  TCreateModelRequest,
  TModel,
  TRegisterVersionRequest,
  TUpdateModelRequest,
  TVersion,
} from "@/lib/schemas/models";
import type { TCreatePromotionRequest, TDecidePromotionRequest, TPromotionRequest } from "@/lib/schemas/promotions";
import { apiFetch } from "./http";

export const modelKeys = {
  all: ["models"] as const,
  detail: (ref: string) => [...modelKeys.all, ref] as const,
};

// Pages are server-rendered; after a mutation the caller refreshes the route (router.refresh()).
export function useCreateModel() {
  return useMutation({
    mutationFn: (input: TCreateModelRequest) => apiFetch<TModel>("/api/v1/models", { method: "POST", json: input }),
  });
}

export function useUpdateModel(modelId: string) {
  return useMutation({
    mutationFn: (input: TUpdateModelRequest) =>
      apiFetch<TModel>(`/api/v1/models/${modelId}`, { method: "PATCH", json: input }),
  });
}

export function useArchiveModel(modelId: string) {
  return useMutation({
    mutationFn: (reason: string) =>
      apiFetch<TModel>(`/api/v1/models/${modelId}/archive`, { method: "POST", json: { reason } }),
  });
}

export function useRegisterVersion(modelId: string) {
  return useMutation({
    mutationFn: (input: TRegisterVersionRequest) =>
      apiFetch<TVersion>(`/api/v1/models/${modelId}/versions`, { method: "POST", json: input }),
  });
}

export function useRequestTransition(versionId: string) {
  return useMutation({
    mutationFn: (input: TCreatePromotionRequest) =>
      apiFetch<TPromotionRequest>(`/api/v1/versions/${versionId}/transitions`, { method: "POST", json: input }),
  });
}

export function useCancelTransition() {
  return useMutation({
    mutationFn: ({ requestId, reason }: { requestId: string; reason: string }) =>
      apiFetch<TPromotionRequest>(`/api/v1/transitions/${requestId}/cancel`, { method: "POST", json: { reason } }),
  });
}

export function useDecideTransition() {
  return useMutation({
    mutationFn: ({ requestId, input }: { requestId: string; input: TDecidePromotionRequest }) =>
      apiFetch<TPromotionRequest>(`/api/v1/transitions/${requestId}/decision`, { method: "POST", json: input }),
  });
}
