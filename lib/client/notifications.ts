import { useMutation } from "@tanstack/react-query";
import type { TMarkNotificationsReadRequest } from "@/lib/schemas/notifications";
import { apiFetch } from "./http";

// The inbox is server-rendered; after marking, the caller refreshes the route (the bell's count with it).
export function useMarkNotificationsRead() {
  return useMutation({
    mutationFn: (input: TMarkNotificationsReadRequest) =>
      apiFetch<{ marked: number; unreadCount: number }>("/api/v1/notifications/read", { method: "POST", json: input }),
  });
}
