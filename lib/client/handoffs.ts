import { useMutation } from "@tanstack/react-query";
import type {
  TAcceptHandoffRequest,
  TCancelHandoffRequest,
  TDeclineHandoffRequest,
  THandoff,
  TProposeHandoffRequest,
} from "@/lib/schemas/handoffs";
import { apiFetch } from "./http";

// Handoffs are shown on server-rendered pages (model page, /handoffs, overview): after a mutation the
// caller refreshes the route (router.refresh()), as lib/client/models.ts does.
export function useProposeHandoff(modelId: string) {
  return useMutation({
    mutationFn: (input: TProposeHandoffRequest) =>
      apiFetch<THandoff>(`/api/v1/models/${encodeURIComponent(modelId)}/handoffs`, { method: "POST", json: input }),
  });
}

export function useAcceptHandoff() {
  return useMutation({
    mutationFn: ({ handoffId, input }: { handoffId: string; input: TAcceptHandoffRequest }) =>
      apiFetch<THandoff>(`/api/v1/handoffs/${encodeURIComponent(handoffId)}/accept`, { method: "POST", json: input }),
  });
}

export function useDeclineHandoff() {
  return useMutation({
    mutationFn: ({ handoffId, input }: { handoffId: string; input: TDeclineHandoffRequest }) =>
      apiFetch<THandoff>(`/api/v1/handoffs/${encodeURIComponent(handoffId)}/decline`, { method: "POST", json: input }),
  });
}

export function useCancelHandoff() {
  return useMutation({
    mutationFn: ({ handoffId, input }: { handoffId: string; input: TCancelHandoffRequest }) =>
      apiFetch<THandoff>(`/api/v1/handoffs/${encodeURIComponent(handoffId)}/cancel`, { method: "POST", json: input }),
  });
}
