import "server-only";
import { getDb } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import { getEnv } from "@/lib/env";
import { appendAuditEvent } from "../audit/append-audit-event";
import { consume, getLimiter, limiterKey, rateLimited, retryAfterSeconds } from "../http/rate-limits";
import { checkCredentials, type CredentialCheck } from "./resolve-actor";

/**
 * Brute-force protection for every password check (the sign-in form, MLflow basic auth, sudo mode), after
 * rate-limiter-flexible's login recipe (docs/SECURITY.md):
 * - per account (email, whatever the IP): MODELGATE_SIGNIN_MAX_FAILURES_PER_ACCOUNT failures within the lockout
 *   period lock the account for MODELGATE_SIGNIN_LOCKOUT_MINUTES — the right password included;
 * - per IP: MODELGATE_SIGNIN_MAX_FAILURES_PER_IP failures within an hour lock the address out the same way;
 * - growing delays: from the 3rd consecutive failure of an account, the next attempt must wait 1, 2, 4 … 60 s
 *   (429 with Retry-After until then; the server never sleeps on a request).
 * A success clears the account's counters. The start of a lockout is audited once (not every refused attempt:
 * an attacker must not be able to flood the audit log).
 */
const DELAY_FROM_FAILURE = 3;
const MAX_DELAY_SECONDS = 60;

function specs() {
  const env = getEnv();
  const lockSec = env.MODELGATE_SIGNIN_LOCKOUT_MINUTES * 60;
  return {
    account: { name: "signin_account", points: env.MODELGATE_SIGNIN_MAX_FAILURES_PER_ACCOUNT, durationSec: lockSec },
    ip: { name: "signin_ip", points: env.MODELGATE_SIGNIN_MAX_FAILURES_PER_IP, durationSec: 3600 },
    delay: { name: "signin_delay", points: 1, durationSec: MAX_DELAY_SECONDS },
    lockSec,
  };
}

const normalize = (email: string) => email.trim().toLowerCase();

/** Throws RATE_LIMITED (429, Retry-After) while the account or the address is locked out or must still wait. */
export async function assertSignInAllowed(o: { email: string; ip: string }): Promise<void> {
  if (getEnv().MODELGATE_RATE_LIMITS === "off") return;
  const s = specs();
  const [account, ip, delay] = await Promise.all([getLimiter(s.account), getLimiter(s.ip), getLimiter(s.delay)]);
  const accountKey = limiterKey(normalize(o.email));
  const [a, i, d] = await Promise.all([account.get(accountKey), ip.get(limiterKey(o.ip)), delay.get(accountKey)]);
  if (a && a.consumedPoints >= s.account.points)
    throw rateLimited(
      `Too many failed sign-ins for this account. Try again in ${retryAfterSeconds(a)} s.`,
      retryAfterSeconds(a),
    );
  if (i && i.consumedPoints >= s.ip.points)
    throw rateLimited(
      `Too many failed sign-ins from this address. Try again in ${retryAfterSeconds(i)} s.`,
      retryAfterSeconds(i),
    );
  if (d && d.consumedPoints > s.delay.points)
    throw rateLimited(`Wait ${retryAfterSeconds(d)} s before trying again.`, retryAfterSeconds(d));
}

/** Counts a wrong password; starts the delay or the lockout when due (audited once per lockout). */
export async function recordSignInFailure(o: { email: string; ip: string; channel: string }): Promise<void> {
  if (getEnv().MODELGATE_RATE_LIMITS === "off") return;
  const s = specs();
  const [account, ip, delay] = await Promise.all([getLimiter(s.account), getLimiter(s.ip), getLimiter(s.delay)]);
  const accountKey = limiterKey(normalize(o.email));
  const a = await consume(account, accountKey);
  const i = await consume(ip, limiterKey(o.ip));
  const failures = a.res.consumedPoints;
  if (failures >= DELAY_FROM_FAILURE)
    await delay.block(accountKey, Math.min(MAX_DELAY_SECONDS, 2 ** (failures - DELAY_FROM_FAILURE)));
  const accountLocked = a.ok && failures === s.account.points;
  const ipLocked = i.ok && i.res.consumedPoints === s.ip.points;
  if (accountLocked) await account.block(accountKey, s.lockSec);
  if (ipLocked) await ip.block(limiterKey(o.ip), s.lockSec);
  if (accountLocked || ipLocked)
    await auditLockout({ ...o, scope: accountLocked ? "account" : "ip", minutes: s.lockSec / 60 });
}

export async function recordSignInSuccess(o: { email: string }): Promise<void> {
  if (getEnv().MODELGATE_RATE_LIMITS === "off") return;
  const s = specs();
  const accountKey = limiterKey(normalize(o.email));
  await Promise.all([(await getLimiter(s.account)).delete(accountKey), (await getLimiter(s.delay)).delete(accountKey)]);
}

async function auditLockout(o: {
  email: string;
  ip: string;
  channel: string;
  scope: "account" | "ip";
  minutes: number;
}): Promise<void> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: normalize(o.email) }, select: { id: true } });
  await runTransaction((tx) =>
    appendAuditEvent(tx, {
      actor: { kind: "system", name: "Sign-in protection" },
      action: "auth.locked_out",
      entityType: o.scope === "account" ? "user" : "ip",
      entityId: o.scope === "account" ? (user?.id ?? "unknown-account") : o.ip,
      metadata: { channel: o.channel, scope: o.scope, ip: o.ip, minutes: o.minutes, knownAccount: !!user },
    }),
  );
}

/** checkCredentials under the limits: refused while locked out (429); wrong passwords counted, success clears. */
export async function checkCredentialsGuarded(o: {
  email: string;
  password: string;
  ip: string;
  channel: string;
}): Promise<CredentialCheck> {
  await assertSignInAllowed(o);
  const result = await checkCredentials(o.email, o.password);
  if (!result.ok && result.reason === "invalid") await recordSignInFailure(o);
  if (result.ok) await recordSignInSuccess(o);
  return result;
}
