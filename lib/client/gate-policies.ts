import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TGatedStage } from "@/lib/domain/gates/policy-rules";
import type { TGatePolicy, TListGatePoliciesResponse, TUpdateGatePolicyRequest } from "@/lib/schemas/gate-policies";
import { apiFetch } from "./http";

export const gatePolicyKeys = {
  all: ["gate-policies"] as const,
  list: () => [...gatePolicyKeys.all, "list"] as const,
};

export function useGatePolicies(initial?: TListGatePoliciesResponse) {
  return useQuery({
    queryKey: gatePolicyKeys.list(),
    queryFn: () => apiFetch<TListGatePoliciesResponse>("/api/v1/gate-policies"),
    initialData: initial,
  });
}

export function useUpdateGatePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      stage,
      criticality,
      input,
    }: {
      stage: TGatedStage;
      criticality: TGatePolicy["criticality"];
      input: TUpdateGatePolicyRequest;
    }) => apiFetch<TGatePolicy>(`/api/v1/gate-policies/${stage}/${criticality}`, { method: "PUT", json: input }),
    // Settled, not success: a 409 may mean another admin saved first, and the matrix should show it.
    onSettled: () => qc.invalidateQueries({ queryKey: gatePolicyKeys.all }),
  });
}
