import { useMutation } from "@tanstack/react-query";
import type {
  TRecordDeploymentRequest,
  TRecordDeploymentResponse,
  TRollbackRequest,
  TRollbackResponse,
} from "@/lib/schemas/deployments";
import { apiFetch } from "./http";

// Deployments show on the server-rendered model page: after a mutation the caller refreshes the route
// (router.refresh()), as lib/client/models.ts does.
export function useRecordDeployment(modelId: string) {
  return useMutation({
    mutationFn: (input: TRecordDeploymentRequest) =>
      apiFetch<TRecordDeploymentResponse>(`/api/v1/models/${encodeURIComponent(modelId)}/deployments`, {
        method: "POST",
        json: input,
      }),
  });
}

export function useRollbackProduction(modelId: string) {
  return useMutation({
    mutationFn: (input: TRollbackRequest) =>
      apiFetch<TRollbackResponse>(`/api/v1/models/${encodeURIComponent(modelId)}/rollback`, {
        method: "POST",
        json: input,
      }),
  });
}
