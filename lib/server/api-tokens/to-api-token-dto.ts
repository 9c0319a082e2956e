import "server-only";
import { TOKEN_SCOPES, type TTokenScope } from "@/lib/domain/rbac/permissions";
import type { TApiToken } from "@/lib/schemas/api-tokens";

/** Never selects tokenHash: what leaves the server cannot leak it. */
export const API_TOKEN_DTO_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  user: { select: { id: true, name: true, email: true } },
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type Row = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  user: { id: string; name: string; email: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

// Scopes are stored as text; one no longer in TOKEN_SCOPES grants nothing (see `can`), so it is not shown either.
const isScope = (s: string): s is TTokenScope => (TOKEN_SCOPES as readonly string[]).includes(s);

export function toApiTokenDto(t: Row): TApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes.filter(isScope),
    user: t.user,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
