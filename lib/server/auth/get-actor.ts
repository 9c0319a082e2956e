import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { can, type TActor, type TPermission } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { getAuthSecret, getEnv } from "@/lib/env";
import { isSetupPending } from "../setup/first-admin";
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
  const sudo =
    !!actor.sessionId &&
    verifySudo(cookies.get(sudoCookieName()), {
      userId: actor.userId,
      sessionId: actor.sessionId,
      sessionVersion: actor.sessionVersion,
    });
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
    if (actor) {
      assertSameOriginWrite(req);
      return actor;
    }
  }
  throw new AppError("UNAUTHENTICATED", mode === "session" ? "Sign in first." : "Send a bearer API token or sign in.");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for cookie-authenticated writes (token calls carry no ambient
 * credentials and are unaffected). Browsers send Sec-Fetch-Site and Origin on every POST/PATCH/PUT/DELETE:
 * a write is refused when Sec-Fetch-Site says another site, or when Origin is neither this request's origin
 * nor NEXTAUTH_URL's. A request with neither header does not come from a browser page (curl, tests) and
 * cannot be forged by one.
 */
export function assertSameOriginWrite(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw new AppError(
      "FORBIDDEN",
      "Cross-site request refused: send writes from Modelgate's own pages or with an API token.",
    );
  const origin = req.headers.get("origin");
  if (!origin) return;
  const allowed = new Set([new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) allowed.add(`${new URL(req.url).protocol}//${host}`);
  const publicUrl = getEnv().NEXTAUTH_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  if (!allowed.has(origin))
    throw new AppError(
      "FORBIDDEN",
      "Cross-origin request refused: send writes from Modelgate's own pages or with an API token.",
    );
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
  if (!actor) {
    // A fresh install without users: the only page that makes sense is the one that creates the first administrator.
    if (await isSetupPending()) redirect("/setup");
    redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  }
  return actor;
}
