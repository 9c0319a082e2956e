import "server-only";
import type { Db } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import { groupsFromClaim, mapGroups, parseGroupMap, parseRoleMap } from "@/lib/domain/rbac/oidc-mapping";
import type { TRole } from "@/lib/domain/rbac/permissions";
import { getEnv } from "@/lib/env";
import { appendAuditEvent, type AuditActor } from "../audit/append-audit-event";
import { getLogger } from "../log/logger";

const SSO_ACTOR: AuditActor = { kind: "system", name: "single sign-on" };

/** Why a single sign-on is refused; each is a readable message on the sign-in page (login-form.tsx). */
export type TOidcRefusal = "NoAccount" | "Deactivated" | "NoMappedGroup" | "NoEmail";

export type TOidcOutcome =
  { ok: true; userId: string; created: boolean; changed: boolean } | { ok: false; reason: TOidcRefusal };

type Profile = Record<string, unknown>;

/**
 * Decides a single sign-on and applies it. Without OIDC_AUTO_PROVISION, the provider's email must belong
 * to an existing active user (administrators provision accounts). With it, the user is created on first
 * login, and at every login their roles (OIDC_ROLES_CLAIM through OIDC_ROLE_MAP) and, when OIDC_TEAM_MAP is
 * set, their team are re-synced from the provider: a group removed there removes the role here. A login
 * whose groups map to no role is refused and changes nothing. The last active administrator keeps ADMIN
 * whatever the provider says (the same invariant as Settings → Users).
 */
export async function signInWithOidc(profile: Profile, opts: { db?: Db } = {}): Promise<TOidcOutcome> {
  const env = getEnv();
  const email = typeof profile.email === "string" ? profile.email.trim().toLowerCase() : "";
  if (!email || profile.email_verified === false) return { ok: false, reason: "NoEmail" };
  const db = opts.db ?? (await getDb());
  if (env.OIDC_AUTO_PROVISION !== "true") {
    const u = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
    if (!u) return { ok: false, reason: "NoAccount" };
    if (!u.active) return { ok: false, reason: "Deactivated" };
    return { ok: true, userId: u.id, created: false, changed: false };
  }
  const groups = groupsFromClaim(profile[env.OIDC_ROLES_CLAIM]);
  const teamMapped = !!env.OIDC_TEAM_MAP?.trim();
  const mapped = mapGroups(groups, parseRoleMap(env.OIDC_ROLE_MAP), parseGroupMap(env.OIDC_TEAM_MAP));
  const name = (typeof profile.name === "string" && profile.name.trim()) || email.split("@")[0]!;
  const outcome = await runTransaction(
    async (tx): Promise<TOidcOutcome> => {
      const user = await tx.user.findUnique({
        where: { email },
        select: { id: true, active: true, roles: true, teamId: true },
      });
      if (user && !user.active) return { ok: false, reason: "Deactivated" };
      if (!mapped.roles.length) return { ok: false, reason: "NoMappedGroup" };
      let teamId: string | null = null;
      if (mapped.teamSlug) {
        teamId = (await tx.team.findUnique({ where: { slug: mapped.teamSlug }, select: { id: true } }))?.id ?? null;
        if (!teamId)
          getLogger().warn(
            { event: "oidc.unknown_team", team: mapped.teamSlug },
            "OIDC_TEAM_MAP names a team that does not exist",
          );
      }
      if (!user) {
        const created = await tx.user.create({
          data: { email, name, roles: mapped.roles, teamId, passwordHash: null },
          select: { id: true },
        });
        await appendAuditEvent(tx, {
          actor: SSO_ACTOR,
          action: "user.created",
          entityType: "user",
          entityId: created.id,
          after: { email, name, roles: mapped.roles, teamId },
          metadata: { via: "oidc", groups },
        });
        return { ok: true, userId: created.id, created: true, changed: true };
      }
      let roles: TRole[] = mapped.roles;
      if (user.roles.includes("ADMIN") && !roles.includes("ADMIN")) {
        // Serialised with Settings → Users' own last-administrator check by the same row lock order (users rows).
        const [{ n } = { n: 0 }] = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM (SELECT id FROM "users" WHERE "active" AND 'ADMIN' = ANY("roles") AND id <> ${user.id} FOR UPDATE) AS others`;
        if (n === 0) roles = [...roles, "ADMIN"];
      }
      const nextTeam = teamMapped ? teamId : user.teamId;
      const sameRoles = roles.length === user.roles.length && roles.every((r) => user.roles.includes(r));
      if (sameRoles && nextTeam === user.teamId) return { ok: true, userId: user.id, created: false, changed: false };
      await tx.user.update({ where: { id: user.id }, data: { roles, teamId: nextTeam } });
      await appendAuditEvent(tx, {
        actor: SSO_ACTOR,
        action: "user.updated",
        entityType: "user",
        entityId: user.id,
        before: { roles: user.roles, teamId: user.teamId },
        after: { roles, teamId: nextTeam },
        metadata: { via: "oidc", groups },
      });
      return { ok: true, userId: user.id, created: false, changed: true };
    },
    { db },
  );
  getLogger().info(
    {
      event: "oidc.sign_in",
      ok: outcome.ok,
      ...(outcome.ok
        ? { userId: outcome.userId, created: outcome.created, changed: outcome.changed }
        : { reason: outcome.reason }),
    },
    outcome.ok ? "single sign-on" : "single sign-on refused",
  );
  return outcome;
}
