/**
 * Permissions are data (house rule 5): a scope list, a role → scopes table, a token-scope → scopes table,
 * and one pure `can` used by the server guard and by the UI to hide what an actor may not do.
 */
export const ROLES = ["DATA_SCIENTIST", "IT_OPS", "MANAGER", "ADMIN"] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  DATA_SCIENTIST: "Data scientist",
  IT_OPS: "IT operations",
  MANAGER: "Manager",
  ADMIN: "Administrator",
};

export const PERMISSIONS = [
  "overview:read",
  "models:read",
  "models:write",
  "models:archive",
  "versions:register",
  "promotions:request",
  "approvals:decide",
  "checks:report",
  "monitoring:ingest",
  "deployments:write",
  "rollback:execute",
  "handoffs:propose",
  "handoffs:decide",
  "alerts:read",
  "alerts:acknowledge",
  "audit:read",
  "users:manage",
  "tokens:manage",
  "tokens:own",
  "policies:manage",
  "webhooks:manage",
  "ownership:override",
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

const READ: TPermission[] = ["overview:read", "models:read", "alerts:read", "audit:read"];
/** Self-service every role holds: one's own API tokens (Settings → API tokens). `tokens:manage` reaches everyone's. */
const SELF: TPermission[] = ["tokens:own"];

export const ROLE_PERMISSIONS: Record<TRole, readonly TPermission[]> = {
  DATA_SCIENTIST: [
    ...READ,
    ...SELF,
    "models:write",
    "models:archive",
    "versions:register",
    "promotions:request",
    "approvals:decide",
    "checks:report",
    "monitoring:ingest",
    "handoffs:propose",
    "handoffs:decide",
  ],
  IT_OPS: [
    ...READ,
    ...SELF,
    "promotions:request",
    "approvals:decide",
    "checks:report",
    "monitoring:ingest",
    "deployments:write",
    "rollback:execute",
    "handoffs:propose",
    "handoffs:decide",
    "alerts:acknowledge",
  ],
  MANAGER: [...READ, ...SELF, "approvals:decide"],
  ADMIN: [...PERMISSIONS],
};

export const TOKEN_SCOPES = ["read", "write", "ingest", "admin"] as const;
export type TTokenScope = (typeof TOKEN_SCOPES)[number];

/** What each API-token scope opens; a token can never exceed the roles of the user who owns it. */
export const TOKEN_SCOPE_PERMISSIONS: Record<TTokenScope, readonly TPermission[]> = {
  read: READ,
  write: [
    "models:write",
    "models:archive",
    "versions:register",
    "promotions:request",
    "approvals:decide",
    "checks:report",
    "deployments:write",
    "rollback:execute",
    "handoffs:propose",
    "handoffs:decide",
    "alerts:acknowledge",
  ],
  ingest: ["monitoring:ingest", "checks:report"],
  // No "users:manage", whatever the scope: creating users, setting passwords and changing roles need an
  // administrator's signed-in session, so a stolen token cannot mint a person (docs/SECURITY.md).
  admin: ["tokens:manage", "tokens:own", "policies:manage", "webhooks:manage", "ownership:override"],
};

export type TActor = {
  kind: "user" | "token";
  userId: string;
  email: string;
  name: string;
  roles: readonly TRole[];
  teamId: string | null;
  tokenId?: string;
  tokenScopes?: readonly TTokenScope[];
  /** Browser sessions: the session's own id (a JWT claim), which sudo mode is bound to. */
  sessionId?: string;
  /** Browser sessions: the user re-confirmed their password within SUDO_MINUTES (docs/SECURITY.md). */
  sudo?: boolean;
};

/** Fails closed: unknown roles or scopes grant nothing. */
export function can(actor: TActor | null | undefined, permission: TPermission): boolean {
  if (!actor) return false;
  const byRole = actor.roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission) ?? false);
  if (!byRole) return false;
  if (actor.kind === "user") return true;
  return (actor.tokenScopes ?? []).some((s) => TOKEN_SCOPE_PERMISSIONS[s]?.includes(permission) ?? false);
}

export function hasRole(actor: TActor | null | undefined, role: TRole): boolean {
  return !!actor && actor.roles.includes(role);
}

/** The role a user's home page is built for: the most specific of the roles they hold. */
export function primaryRole(roles: readonly TRole[]): TRole {
  for (const r of ["ADMIN", "MANAGER", "IT_OPS", "DATA_SCIENTIST"] as const) if (roles.includes(r)) return r;
  return "DATA_SCIENTIST";
}
