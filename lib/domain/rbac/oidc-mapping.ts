import { ROLES, type TRole } from "./permissions";

/**
 * Single sign-on provisioning rules (pure). OIDC_ROLE_MAP / OIDC_TEAM_MAP are comma-separated
 * `group:value` pairs (`ml-scientists:DATA_SCIENTIST,ml-ops:IT_OPS`); the group may itself contain ':'
 * (the value is what follows the last one). The roles claim may be an array of strings or one string.
 */
export type TGroupMap = { group: string; value: string }[];

export function parseGroupMap(spec: string | undefined): TGroupMap {
  if (!spec?.trim()) return [];
  return spec.split(",").map((pair) => {
    const i = pair.lastIndexOf(":");
    const group = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    if (i <= 0 || !group || !value) throw new Error(`'${pair.trim()}' is not group:value`);
    return { group, value };
  });
}

export function parseRoleMap(spec: string | undefined): TGroupMap {
  const map = parseGroupMap(spec);
  for (const { group, value } of map) {
    if (!(ROLES as readonly string[]).includes(value))
      throw new Error(`group '${group}' maps to unknown role '${value}' (roles: ${ROLES.join(", ")})`);
  }
  return map;
}

/** The groups in a claim value: an array of strings, or one string (some providers send a single group). */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string" && value) return [value];
  return [];
}

/** Roles (in ROLES order, once each) and the team slug (first mapped group in map order) for the user's groups. */
export function mapGroups(
  groups: readonly string[],
  roleMap: TGroupMap,
  teamMap: TGroupMap,
): { roles: TRole[]; teamSlug: string | null } {
  const held = new Set(groups);
  const roles = new Set(roleMap.filter((m) => held.has(m.group)).map((m) => m.value as TRole));
  const team = teamMap.find((m) => held.has(m.group));
  return { roles: ROLES.filter((r) => roles.has(r)), teamSlug: team?.value ?? null };
}
