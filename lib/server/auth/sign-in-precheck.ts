import "server-only";
import { randomUUID } from "node:crypto";
import { isAppError } from "@/lib/errors";
import { clientIp } from "../http/client-ip";
import { problemResponse } from "../http/define-route";
import { assertSignInAllowed } from "./sign-in-guard";

/**
 * Before next-auth sees a credentials sign-in: while the account or the address is locked out, answer 429
 * problem+json with Retry-After. The problem also carries next-auth's `url` member (`/login?error=…`), so the
 * sign-in page's `signIn(…, { redirect: false })` reads the sentence as its error. Null lets the request through.
 */
export async function refuseLockedOutSignIn(req: Request): Promise<Response | null> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/credentials")) return null;
  const form = new URLSearchParams(await req.clone().text());
  try {
    await assertSignInAllowed({ email: form.get("email") ?? "", ip: clientIp(req.headers) });
    return null;
  } catch (err) {
    if (!isAppError(err) || err.code !== "RATE_LIMITED") throw err;
    // Absolute: next-auth/react parses it with new URL(url).
    err.extra.url = new URL(`/login?error=${encodeURIComponent(err.message)}`, req.url).toString();
    return problemResponse(err, req.headers.get("x-request-id") ?? randomUUID());
  }
}
