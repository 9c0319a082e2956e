import { MAX_ATTEMPTS, MAX_DELAY_MS, retryDelayMs } from "./backoff";

/**
 * What one delivery attempt's result means for the delivery. The rules, and why:
 * - 2xx: delivered.
 * - 410 Gone: the receiver says the endpoint is gone for good (the REST Hooks convention, followed by
 *   Zapier and Azure DevOps service hooks): the delivery fails at once and the webhook is deactivated, so
 *   we stop sending to a dead URL; an administrator can reactivate it.
 * - Every other answer — 3xx (redirects are not followed: the signed request goes to the configured URL
 *   only), 4xx including 400/401/403/404, 5xx — and timeouts and network errors are retried on the
 *   backoff schedule, as Stripe and Svix do. A 4xx is usually a receiver misconfiguration (route not
 *   deployed yet, secret being rotated) fixed within the retry window; the retries are bounded, so a
 *   permanent 4xx costs MAX_ATTEMPTS requests, then the delivery fails visibly and can be redelivered.
 * - 429 and 503 may carry Retry-After: the next attempt is not earlier than it asks (capped at MAX_DELAY).
 */
export const DELIVERY_TIMEOUT_MS = 10_000;

export type TAttemptResult =
  | { kind: "response"; statusCode: number; retryAfterSeconds?: number | null; bodySnippet?: string }
  | { kind: "timeout"; timeoutMs: number }
  | { kind: "network"; message: string };

export type TAttemptOutcome =
  | { status: "SUCCEEDED"; error: null }
  | { status: "PENDING"; retryInMs: number; error: string }
  | { status: "FAILED"; error: string; disableWebhook: boolean };

function isSuccessStatus(code: number): boolean {
  return code >= 200 && code < 300;
}

/** A short, human description of a failed attempt, stored with the attempt and shown in the UI. */
export function describeAttemptError(result: TAttemptResult): string | null {
  switch (result.kind) {
    case "response": {
      if (isSuccessStatus(result.statusCode)) return null;
      const snippet = result.bodySnippet?.replace(/\s+/g, " ").trim().slice(0, 200);
      const base =
        result.statusCode >= 300 && result.statusCode < 400
          ? `HTTP ${result.statusCode} (redirects are not followed)`
          : `HTTP ${result.statusCode}`;
      return snippet ? `${base}: ${snippet}` : base;
    }
    case "timeout":
      return `No answer within ${result.timeoutMs / 1000} s`;
    case "network":
      return `Network error: ${result.message}`.slice(0, 300);
  }
}

/**
 * Decides the delivery's state after attempt number `attemptInCycle` (1-based, counted since the delivery
 * was created or last manually redelivered). `random` drives the jitter (Math.random in production).
 */
export function decideAttemptOutcome(
  result: TAttemptResult,
  attemptInCycle: number,
  random: () => number,
): TAttemptOutcome {
  if (result.kind === "response" && isSuccessStatus(result.statusCode)) return { status: "SUCCEEDED", error: null };
  const error = describeAttemptError(result) ?? "Delivery failed";
  if (result.kind === "response" && result.statusCode === 410) {
    return {
      status: "FAILED",
      error: `${error} — the receiver says this endpoint is gone; the webhook was deactivated`,
      disableWebhook: true,
    };
  }
  if (attemptInCycle >= MAX_ATTEMPTS)
    return { status: "FAILED", error: `${error} — gave up after ${attemptInCycle} attempts`, disableWebhook: false };
  let retryInMs = retryDelayMs(attemptInCycle, random);
  const asked =
    result.kind === "response" && (result.statusCode === 429 || result.statusCode === 503)
      ? result.retryAfterSeconds
      : null;
  if (asked && asked > 0) retryInMs = Math.min(MAX_DELAY_MS, Math.max(retryInMs, asked * 1000));
  return { status: "PENDING", retryInMs, error };
}

/** Retry-After as seconds from `now`: delta-seconds or an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
