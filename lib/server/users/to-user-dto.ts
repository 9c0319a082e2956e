import "server-only";
import type { TUser } from "@/lib/schemas/users";
import type { TRole } from "@/lib/domain/rbac/permissions";

export const USER_DTO_SELECT = {
  id: true,
  email: true,
  name: true,
  roles: true,
  teamId: true,
  team: { select: { name: true } },
  active: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

type Row = { id: string; email: string; name: string; roles: TRole[]; teamId: string | null; team: { name: string } | null; active: boolean; lastLoginAt: Date | null; createdAt: Date };

export function toUserDto(u: Row): TUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    teamId: u.teamId,
    teamName: u.team?.name ?? null,
    active: u.active,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
