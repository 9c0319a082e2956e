import {
  ROLE_PERMISSIONS,
  TOKEN_SCOPES,
  TOKEN_SCOPE_PERMISSIONS,
  type TPermission,
  type TRole,
  type TTokenScope,
} from "../rbac/permissions";

/**
 * The token scopes a user may give a token: those that open at least one thing the user's roles allow.
 * A scope that opens nothing for them (`admin` for a data scientist, `ingest` for a manager) is "above
 * their roles" and refused, rather than silently granting nothing. A token's effective rights stay the
 * intersection of its scopes and its owner's roles (`can`), so an allowed scope never widens anything.
 */
export function scopesAllowedForRoles(roles: readonly TRole[]): TTokenScope[] {
  // `tokens:own` is every role's self-service: it must not make `admin` look within a data scientist's roles.
  const held = new Set<TPermission>(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []).filter((p) => p !== "tokens:own"));
  return TOKEN_SCOPES.filter((s) => TOKEN_SCOPE_PERMISSIONS[s].some((p) => held.has(p)));
}

export const DEFAULT_TOKEN_DAYS = 90;

/** The default lifetime offered and applied when none is given, never above the configured maximum. */
export function defaultTokenDays(maxDays: number): number {
  return Math.min(DEFAULT_TOKEN_DAYS, maxDays);
}
