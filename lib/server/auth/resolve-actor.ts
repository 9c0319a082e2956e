import "server-only";
import { getDb, getSqlRunner } from "@/lib/db/client";
import { TOKEN_SCOPES, type TActor, type TRole, type TTokenScope } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { hashApiToken } from "./api-tokens";
import { verifyPassword, getDummyHash } from "./password";

type UserRow = { id: string; email: string; name: string; roles: TRole[]; teamId: string | null; active: boolean };

const USER_SELECT = { id: true, email: true, name: true, roles: true, teamId: true, active: true } as const;

function toActor(u: UserRow): TActor {
  return { kind: "user", userId: u.id, email: u.email, name: u.name, roles: u.roles, teamId: u.teamId };
}

/** The claims of a session that decide whether it still stands: its user, the user's session version then, its id. */
export type TSessionClaims = { uid: string | undefined | null; sv?: number; sid?: string };

/**
 * The signed-in user behind a session, re-read from the database so deactivation and role changes apply at
 * once. A session whose version is not the user's current `sessionVersion` was revoked (password change or
 * reset, role change, deactivation, "sign out everywhere"): null, as if signed out. Sessions issued before
 * versions existed carry none and count as version 0.
 */
export async function actorFromSession(claims: TSessionClaims): Promise<(TActor & { sessionVersion: number }) | null> {
  if (!claims.uid) return null;
  const db = await getDb();
  const u = await db.user.findUnique({ where: { id: claims.uid }, select: { ...USER_SELECT, sessionVersion: true } });
  if (!u || !u.active || u.sessionVersion !== (claims.sv ?? 0)) return null;
  return { ...toActor(u), ...(claims.sid ? { sessionId: claims.sid } : {}), sessionVersion: u.sessionVersion };
}

type TokenRow = UserRow & {
  tokenId: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
};

/**
 * Bearer token → actor; throws UNAUTHENTICATED for unknown, revoked or expired tokens and inactive owners.
 * Token and owner come back in one joined statement: this runs on every API and MLflow request, and Prisma's
 * nested select costs a second round trip (BENCHMARKS.md, MLflow section).
 */
export async function actorFromApiToken(token: string): Promise<TActor> {
  // On the driver, not through Prisma: every API and MLflow request pays for this lookup, and a Prisma 6 raw
  // query costs four times the CPU of the driver's (lib/db/run-transaction.ts, runSqlTransaction).
  const sql = await getSqlRunner();
  const [row] = await sql.query<TokenRow>(
    `SELECT t."id" AS "tokenId", t."scopes", t."revokedAt", t."expiresAt", t."lastUsedAt",
            u."id", u."email", u."name", u."roles"::text[] AS "roles", u."teamId", u."active"
       FROM "api_tokens" t JOIN "users" u ON u."id" = t."userId"
      WHERE t."tokenHash" = $1`,
    [hashApiToken(token)],
  );
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && new Date(row.expiresAt) < now) || !row.active) {
    throw new AppError("UNAUTHENTICATED", "The API token is unknown, revoked or expired.");
  }
  // Last-used time is shown in settings; a minute's precision is enough and avoids a write per request.
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) {
    await sql.query(`UPDATE "api_tokens" SET "lastUsedAt" = $1 WHERE "id" = $2`, [now, row.tokenId]);
  }
  const scopes = row.scopes.filter((s): s is TTokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  return { ...toActor(row), kind: "token", tokenId: row.tokenId, tokenScopes: scopes };
}

export type CredentialCheck =
  { ok: true; actor: TActor; sessionVersion: number } | { ok: false; reason: "invalid" | "inactive"; message: string };

export const WRONG_CREDENTIALS = "Wrong email or password.";
export const INACTIVE_ACCOUNT = "This account has been deactivated. Ask an administrator to reactivate it.";

/** Email + password → actor. Unknown emails cost the same time as wrong passwords. */
export async function checkCredentials(email: string, password: string): Promise<CredentialCheck> {
  const db = await getDb();
  const u = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...USER_SELECT, passwordHash: true, sessionVersion: true },
  });
  const ok = await verifyPassword(password, u?.passwordHash ?? (await getDummyHash()));
  if (!u || !ok) return { ok: false, reason: "invalid", message: WRONG_CREDENTIALS };
  if (!u.active) return { ok: false, reason: "inactive", message: INACTIVE_ACCOUNT };
  await db.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, actor: toActor(u), sessionVersion: u.sessionVersion };
}
