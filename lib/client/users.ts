import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  TCreateUserRequest,
  TInviteUserRequest,
  TInviteUserResponse,
  TUpdateUserRequest,
  TUser,
  TUserResponsibilities,
} from "@/lib/schemas/users";
import { apiFetch } from "./http";

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
  teams: () => ["teams"] as const,
  responsibilities: (userId: string) => [...userKeys.all, "responsibilities", userId] as const,
};

export function useUsers(initial?: TUser[], opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: async () => (await apiFetch<{ items: TUser[] }>("/api/v1/users?limit=500")).items,
    initialData: initial,
    enabled: opts.enabled ?? true,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: userKeys.teams(),
    queryFn: async () =>
      (await apiFetch<{ items: { id: string; slug: string; name: string }[] }>("/api/v1/teams")).items,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateUserRequest) => apiFetch<TUser>("/api/v1/users", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** A user without a password, and their one-time set-your-password link (shown once). */
export function useInviteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TInviteUserRequest) =>
      apiFetch<TInviteUserResponse>("/api/v1/users/invitations", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** A new link for a user who has not set a password yet; older links stop working. */
export function useReissueInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      apiFetch<TInviteUserResponse>(`/api/v1/users/${encodeURIComponent(userId)}/invitation`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, input }: { userId: string; input: TUpdateUserRequest }) =>
      apiFetch<TUser>(`/api/v1/users/${encodeURIComponent(userId)}`, { method: "PATCH", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** What a user owns and holds; refetched after any user change (deactivation cancels handoffs waiting on them). */
export function useUserResponsibilities(userId: string, enabled: boolean) {
  return useQuery({
    queryKey: userKeys.responsibilities(userId),
    queryFn: () => apiFetch<TUserResponsibilities>(`/api/v1/users/${encodeURIComponent(userId)}/responsibilities`),
    enabled,
  });
}

/** Sudo mode: re-enter your own password (the proof is an HttpOnly cookie for 10 minutes). */
export function useConfirmSudo() {
  return useMutation({
    mutationFn: (password: string) =>
      apiFetch<{ sudoUntil: string }>("/api/v1/session/sudo", { method: "POST", json: { password } }),
  });
}

/** "Sign out everywhere" for a user (yourself, or anyone as an administrator). */
export function useRevokeSessions() {
  return useMutation({
    mutationFn: (userId: string) =>
      apiFetch<{ sessionVersion: number }>(`/api/v1/users/${encodeURIComponent(userId)}/sessions/revoke`, {
        method: "POST",
      }),
  });
}
