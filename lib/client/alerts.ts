import { useMutation } from "@tanstack/react-query";
import type {
  TAcknowledgeAlertRequest,
  TAlert,
  TAlertRule,
  TCreateAlertRuleRequest,
  TUpdateAlertRuleRequest,
} from "@/lib/schemas/alerts";
import { apiFetch } from "./http";

// The alerts page and the model page are server-rendered: after a mutation the caller refreshes the route,
// which also refreshes the open-alert count in the navigation.
export function useAcknowledgeAlert() {
  return useMutation({
    mutationFn: ({ alertId, input }: { alertId: string; input: TAcknowledgeAlertRequest }) =>
      apiFetch<TAlert>(`/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`, { method: "POST", json: input }),
  });
}

export function useCreateAlertRule(modelId: string) {
  return useMutation({
    mutationFn: (input: TCreateAlertRuleRequest) =>
      apiFetch<TAlertRule>(`/api/v1/models/${encodeURIComponent(modelId)}/alert-rules`, {
        method: "POST",
        json: input,
      }),
  });
}

export function useUpdateAlertRule() {
  return useMutation({
    mutationFn: ({ ruleId, input }: { ruleId: string; input: TUpdateAlertRuleRequest }) =>
      apiFetch<TAlertRule>(`/api/v1/alert-rules/${encodeURIComponent(ruleId)}`, { method: "PATCH", json: input }),
  });
}
