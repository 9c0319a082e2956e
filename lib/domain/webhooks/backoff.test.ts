import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE_DELAY_MS, MAX_ATTEMPTS, MAX_DELAY_MS, nominalRetryDelayMs, retryDelayMs, retrySchedule } from "./backoff";

describe("nominalRetryDelayMs", () => {
  it("grows ×4 from 10 s and is capped at one hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(nominalRetryDelayMs)).toEqual([
      10_000, 40_000, 160_000, 640_000, 2_560_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses attempt number %s", (n) => {
    expect(() => nominalRetryDelayMs(n)).toThrow(RangeError);
  });
});

describe("retryDelayMs", () => {
  it("is deterministic given the random source: 0 gives half the nominal delay, values near 1 the nominal", () => {
    expect(retryDelayMs(1, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, () => 0.5)).toBe(7_500);
    expect(retryDelayMs(1, () => 0.999_999_9)).toBe(10_000);
    expect(retryDelayMs(3, () => 0.25)).toBe(100_000);
  });

  it("clamps a misbehaving random source into the bounds", () => {
    expect(retryDelayMs(2, () => -3)).toBe(20_000);
    expect(retryDelayMs(2, () => 7)).toBe(40_000);
  });

  it("always lies within [nominal/2, nominal] and never exceeds the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const d = retryDelayMs(n, () => r);
          const nominal = nominalRetryDelayMs(n);
          return d >= nominal / 2 && d <= nominal && d <= MAX_DELAY_MS && d >= BASE_DELAY_MS / 2;
        },
      ),
    );
  });

  it("is monotonic in the random value for a given attempt", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return retryDelayMs(n, () => lo) <= retryDelayMs(n, () => hi);
        },
      ),
    );
  });
});

describe("retrySchedule", () => {
  it("lists the MAX_ATTEMPTS − 1 retries, spanning between about 1.5 and 3 hours in total", () => {
    const rows = retrySchedule();
    expect(rows).toHaveLength(MAX_ATTEMPTS - 1);
    expect(rows[0]).toEqual({ afterAttempt: 1, minMs: 5_000, maxMs: 10_000 });
    const min = rows.reduce((s, r) => s + r.minMs, 0);
    const max = rows.reduce((s, r) => s + r.maxMs, 0);
    expect(max).toBe(10_610_000);
    expect(min).toBe(max / 2);
  });
});
