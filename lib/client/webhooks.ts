import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  TCreateWebhookRequest,
  TListDeliveriesResponse,
  TUpdateWebhookRequest,
  TWebhook,
  TWebhookDelivery,
  TWebhookWithSecret,
} from "@/lib/schemas/webhooks";
import { apiFetch } from "./http";

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: () => [...webhookKeys.all, "list"] as const,
  deliveries: (webhookId: string) => [...webhookKeys.all, "deliveries", webhookId] as const,
};

const hookUrl = (webhookId: string, suffix = "") => `/api/v1/webhooks/${encodeURIComponent(webhookId)}${suffix}`;

export function useWebhooks(initial?: TWebhook[]) {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: async () => (await apiFetch<{ items: TWebhook[] }>("/api/v1/webhooks")).items,
    initialData: initial,
    // Counts move while deliveries are pending; poll until they settle.
    refetchInterval: (q) => (q.state.data?.some((w) => w.deliveryCounts.pending > 0) ? 5_000 : false),
  });
}

/** The response holds the signing secret: read it from `mutation.data` once, it is never fetched again. */
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateWebhookRequest) =>
      apiFetch<TWebhookWithSecret>("/api/v1/webhooks", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ webhookId, input }: { webhookId: string; input: TUpdateWebhookRequest }) =>
      apiFetch<TWebhook>(hookUrl(webhookId), { method: "PATCH", json: input }),
    // Deactivation fails pending deliveries: refresh them as well as the list.
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => apiFetch<void>(hookUrl(webhookId), { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

/** Like creation, the response holds the new secret, shown once. */
export function useRotateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) =>
      apiFetch<TWebhookWithSecret>(hookUrl(webhookId, "/rotate-secret"), { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}

export function useSendTestEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => apiFetch<TWebhookDelivery>(hookUrl(webhookId, "/test"), { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useRedeliver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      apiFetch<TWebhookDelivery>(`/api/v1/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: "POST" }),
    // A 409 means it is already pending again: refresh either way so the table shows the truth.
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

/**
 * A webhook's deliveries, newest first, page by page. Polls every 3 s while one of them is pending, so
 * attempts appear as the worker makes them.
 */
export function useDeliveries(webhookId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ pageParam }) =>
      apiFetch<TListDeliveriesResponse>(
        hookUrl(webhookId, `/deliveries?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => d.status === "PENDING")) ? 3_000 : false,
  });
}
