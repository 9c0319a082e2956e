import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Db } from "@/lib/db/client";
import type { TActor, TRole, TTokenScope } from "@/lib/domain/rbac/permissions";
import { generateApiToken } from "@/lib/server/auth/api-tokens";
import { hashPassword } from "@/lib/server/auth/password";
import { getAuthSecret } from "@/lib/env";

/** A unique suffix so tests never collide on unique columns, whatever order they run in. */
export function uniq(prefix = "t"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTestTeam(db: Db) {
  const slug = uniq("team");
  return db.team.create({ data: { slug, name: slug } });
}

export async function createTestUser(db: Db, opts: { roles: TRole[]; active?: boolean; teamId?: string; password?: string }) {
  const email = `${uniq("user")}@test.local`;
  const user = await db.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      roles: opts.roles,
      active: opts.active ?? true,
      teamId: opts.teamId ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
    },
  });
  const actor: TActor = { kind: "user", userId: user.id, email, name: user.name, roles: opts.roles, teamId: user.teamId };
  return { user, actor };
}

/** Stores a hashed API token for the user and returns the plain token, as a CI pipeline would hold it. */
export async function createTestToken(db: Db, userId: string, scopes: TTokenScope[], opts: { revoked?: boolean; expired?: boolean } = {}) {
  const t = generateApiToken();
  await db.apiToken.create({
    data: {
      name: uniq("token"),
      prefix: t.prefix,
      tokenHash: t.hash,
      scopes,
      userId,
      revokedAt: opts.revoked ? new Date() : null,
      expiresAt: opts.expired ? new Date(Date.now() - 1000) : null,
    },
  });
  return t.token;
}

/** A next-auth session cookie for the user, signed with the app's secret, as the browser would send it. */
export async function sessionCookie(userId: string): Promise<string> {
  const jwt = await encode({ token: { uid: userId, sub: userId }, secret: getAuthSecret() });
  return `next-auth.session-token=${jwt}`;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler in-process with a real Request; returns status, headers and parsed JSON. */
export async function callRoute(
  handler: Handler,
  opts: { method?: string; path?: string; token?: string; cookie?: string; body?: unknown; rawBody?: string; contentType?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.body !== undefined || opts.rawBody !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers["content-type"] = opts.contentType ?? "application/json";
  }
  const req = new Request(`http://localhost${opts.path ?? "/"}`, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : null };
}

/** The default gate policies of DESIGN.md 2.3, as the demo seed writes them. */
export async function seedDefaultPolicies(db: Db) {
  const { defaultGateRequirements } = await import("@/lib/domain/gates/policy");
  for (const stage of ["INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"] as const) {
    for (const criticality of ["INTERNAL", "MISSION_CRITICAL"] as const) {
      const exists = await db.gatePolicy.findFirst({ where: { targetStage: stage, criticality, isCurrent: true } });
      if (!exists) await db.gatePolicy.create({ data: { targetStage: stage, criticality, version: 1, requirements: defaultGateRequirements(stage, criticality)! } });
    }
  }
}

/** A team with one person per role (plus a data scientist of another team), each with a write+read token. */
export async function createCast(db: Db) {
  const team = await createTestTeam(db);
  const other = await createTestTeam(db);
  const mk = async (roles: TRole[], teamId: string) => {
    const u = await createTestUser(db, { roles, teamId });
    return { ...u, token: await createTestToken(db, u.user.id, ["read", "write", "ingest"]) };
  };
  return {
    team,
    otherTeam: other,
    ds: await mk(["DATA_SCIENTIST"], team.id),
    ds2: await mk(["DATA_SCIENTIST"], team.id),
    outsider: await mk(["DATA_SCIENTIST"], other.id),
    it: await mk(["IT_OPS"], other.id),
    it2: await mk(["IT_OPS"], other.id),
    manager: await mk(["MANAGER"], team.id),
    admin: await mk(["ADMIN"], other.id),
  };
}
