import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { getAuthSecret, getEnv } from "@/lib/env";

/**
 * Sudo mode (as GitHub does it): the riskiest user-management changes — granting ADMIN, setting a
 * password — need the administrator to have re-entered their own password within SUDO_MINUTES, in this
 * browser session. The proof is a separate HttpOnly, SameSite=Strict cookie holding an expiry and an HMAC
 * (the session secret) over user id, session id, session version and expiry: stateless, bound to one
 * session, and void as soon as the user's sessions are revoked (the version changes).
 */
export const SUDO_MINUTES = 10;

export function sudoCookieName(): string {
  return isSecureDeployment() ? "__Host-mg-sudo" : "mg-sudo";
}

function isSecureDeployment(): boolean {
  return getEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
}

type TSudoSubject = { userId: string; sessionId: string; sessionVersion: number };

function mac(s: TSudoSubject, until: number): string {
  return createHmac("sha256", getAuthSecret())
    .update(`sudo\n${s.userId}\n${s.sessionId}\n${s.sessionVersion}\n${until}`)
    .digest("base64url");
}

/** The cookie value proving a password confirmation until `now + SUDO_MINUTES`. */
export function signSudo(s: TSudoSubject, now = Date.now()): { value: string; until: number } {
  const until = now + SUDO_MINUTES * 60_000;
  return { value: `${until}.${mac(s, until)}`, until };
}

/** True when `value` is a sudo proof for this very session that has not expired. */
export function verifySudo(value: string | undefined, s: TSudoSubject, now = Date.now()): boolean {
  const m = /^(\d{13})\.([\w-]{43})$/.exec(value ?? "");
  if (!m) return false;
  const until = Number(m[1]);
  if (until < now || until > now + SUDO_MINUTES * 60_000) return false;
  const a = Buffer.from(m[2]!);
  const b = Buffer.from(mac(s, until));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Set-Cookie for a fresh proof (or, with `value` null, one that clears it). */
export function sudoSetCookie(value: string | null): string {
  const attrs = ["Path=/", "HttpOnly", "SameSite=Strict", ...(isSecureDeployment() ? ["Secure"] : [])];
  return value
    ? `${sudoCookieName()}=${value}; Max-Age=${SUDO_MINUTES * 60}; ${attrs.join("; ")}`
    : `${sudoCookieName()}=; Max-Age=0; ${attrs.join("; ")}`;
}

/**
 * Throws unless the actor is a signed-in person in sudo mode. API tokens never qualify. The problem
 * carries `sudoRequired: true` so the UI can ask for the password and retry.
 */
export function requireSudo(actor: TActor, what: string): void {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", `API tokens cannot ${what}; sign in as an administrator.`);
  if (!actor.sudo) {
    throw new AppError("FORBIDDEN", `Confirm your password to ${what} (sudo mode lasts ${SUDO_MINUTES} minutes).`, {
      extra: { sudoRequired: true },
    });
  }
}

/** Throws unless the actor is a signed-in person: user management never runs on an API token. */
export function requireSignedInPerson(actor: TActor, what: string): void {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", `API tokens cannot ${what}; sign in as an administrator.`);
}
