import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { can, type TActor, type TPermission } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { getAuthSecret, getEnv } from "@/lib/env";
import { getAuthOptions } from "./auth-options";
import { actorFromApiToken, actorFromSession } from "./resolve-actor";
import { sudoCookieName, verifySudo } from "./sudo";

/** The actor behind the current browser session, or null (also when the session was revoked). */
export async function getSessionActor(): Promise<TActor | null> {
  const session = (await getServerSession(getAuthOptions())) as { uid?: string; sv?: number; sid?: string } | null;
  const actor = await actorFromSession({ uid: session?.uid, sv: session?.sv, sid: session?.sid });
  return actor ? withoutVersion(actor) : null;
}

function withoutVersion({ sessionVersion: _v, ...actor }: TActor & { sessionVersion: number }): TActor {
  return actor;
}

export type AuthMode = "session" | "token" | "both";

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    // A malformed escape in someone's cookie must not turn every request into a 500.
    try {
      out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      continue;
    }
  }
  return out;
}

/**
 * The session behind an API request, read from the request's own cookies (not Next's request scope), so
 * route handlers behave the same when called in-process by integration tests.
 */
async function actorFromSessionCookie(req: Request): Promise<TActor | null> {
  const secureCookie = getEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
  const cookies = parseCookies(req.headers.get("cookie"));
  const token = await getToken({
    // Headers deliberately empty: getToken would otherwise accept a bearer JWT, which is not how our API authenticates.
    req: { cookies, headers: {} } as never,
    secret: getAuthSecret(),
    secureCookie,
  });
  const actor = await actorFromSession({
    uid: typeof token?.uid === "string" ? token.uid : null,
    sv: typeof token?.sv === "number" ? token.sv : undefined,
    sid: typeof token?.sid === "string" ? token.sid : undefined,
  });
  if (!actor) return null;
  const sudo = !!actor.sessionId && verifySudo(cookies.get(sudoCookieName()), { userId: actor.userId, sessionId: actor.sessionId, sessionVersion: actor.sessionVersion });
  return { ...withoutVersion(actor), ...(sudo ? { sudo } : {}) };
}

/** Authenticates an API request: bearer token first (machines), then the session cookie (the UI). */
export async function getRequestActor(req: Request, mode: AuthMode): Promise<TActor> {
  const header = req.headers.get("authorization");
  if (header && mode !== "session") {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m) throw new AppError("UNAUTHENTICATED", "Authorization header must be 'Bearer <token>'.");
    return actorFromApiToken(m[1]!.trim());
  }
  if (mode !== "token") {
    const actor = await actorFromSessionCookie(req);
    if (actor) return actor;
  }
  throw new AppError("UNAUTHENTICATED", mode === "session" ? "Sign in first." : "Send a bearer API token or sign in.");
}

/** The one guard: throws FORBIDDEN unless `can(actor, permission)`. */
export function requirePermission(actor: TActor, permission: TPermission): void {
  if (!can(actor, permission)) {
    throw new AppError("FORBIDDEN", `Your role does not allow '${permission}'.`, { extra: { permission } });
  }
}

/**
 * For pages: the signed-in actor, or a redirect to the sign-in page. Permission is checked by the page
 * itself with `can` so it can render an access-denied state instead of an error.
 */
export async function requirePageActor(callbackPath: string): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return actor;
}
