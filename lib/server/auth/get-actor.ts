import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { can, type TActor, type TPermission } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { getAuthSecret, getEnv } from "@/lib/env";
import { isSetupPending } from "../setup/first-admin";
import { getAuthOptions } from "./auth-options";
import { actorFromApiToken, actorFromUserId } from "./resolve-actor";

/** The actor behind the current browser session, or null. */
export async function getSessionActor(): Promise<TActor | null> {
  const session = (await getServerSession(getAuthOptions())) as { uid?: string } | null;
  return actorFromUserId(session?.uid);
}

export type AuthMode = "session" | "token" | "both";

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/**
 * The session behind an API request, read from the request's own cookies (not Next's request scope), so
 * route handlers behave the same when called in-process by integration tests.
 */
async function actorFromSessionCookie(req: Request): Promise<TActor | null> {
  const secureCookie = getEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
  const token = await getToken({
    // Headers deliberately empty: getToken would otherwise accept a bearer JWT, which is not how our API authenticates.
    req: { cookies: parseCookies(req.headers.get("cookie")), headers: {} } as never,
    secret: getAuthSecret(),
    secureCookie,
  });
  return actorFromUserId(typeof token?.uid === "string" ? token.uid : null);
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
  if (!actor) {
    // A fresh install without users: the only page that makes sense is the one that creates the first administrator.
    if (await isSetupPending()) redirect("/setup");
    redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  }
  return actor;
}
