/**
 * Retry schedule of webhook deliveries. After the n-th failed attempt of a delivery cycle the next one is
 * due after a delay drawn uniformly from [nominal/2, nominal], nominal = BASE × FACTOR^(n−1) capped at
 * MAX_DELAY: the jitter spreads retries of many deliveries that failed together (a receiver back from an
 * outage is not hit by all of them in the same second), and the lower bound keeps a failing receiver from
 * being retried at once. Factor 4 (not 2) so the eight attempts span about three hours — a typical
 * outage or deployment window — and the one-hour cap actually applies.
 */
export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 10_000;
export const BACKOFF_FACTOR = 4;
export const MAX_DELAY_MS = 60 * 60 * 1000;

/** The delay's upper bound after failed attempt `n` (1-based). */
export function nominalRetryDelayMs(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`attempt number must be a positive integer, got ${n}`);
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * BACKOFF_FACTOR ** (n - 1));
}

/** The delay before the attempt after failed attempt `n`; `random` returns values in [0, 1) (Math.random in production). */
export function retryDelayMs(n: number, random: () => number): number {
  const nominal = nominalRetryDelayMs(n);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(nominal / 2 + (r * nominal) / 2);
}

/** The whole schedule, for documentation and the settings page: one row per retry. */
export function retrySchedule(): { afterAttempt: number; minMs: number; maxMs: number }[] {
  return Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => {
    const maxMs = nominalRetryDelayMs(i + 1);
    return { afterAttempt: i + 1, minMs: maxMs / 2, maxMs };
  });
}
