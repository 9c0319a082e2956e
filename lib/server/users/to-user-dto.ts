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
  // The open invitation, if any: issuing a link revokes the older ones, so there is at most one.
  invites: {
    where: { usedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { expiresAt: true },
  },
} as const;

type Row = {
  id: string;
  email: string;
  name: string;
  roles: TRole[];
  teamId: string | null;
  team: { name: string } | null;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  invites: { expiresAt: Date }[];
};

export function toUserDto(u: Row, now = new Date()): TUser {
  const invite = u.invites[0];
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
    invitation: invite ? { expiresAt: invite.expiresAt.toISOString(), expired: invite.expiresAt <= now } : null,
  };
}
