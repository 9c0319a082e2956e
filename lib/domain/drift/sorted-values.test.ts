import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectSorted, countAtMost, sortFloat64 } from "./sorted-values";

/** Values designed to stress the high-word radix: wide magnitudes, both signs, -0, heavy ties, and
 * numbers that share their high 32 bits but differ in the low word (1 + k·2⁻⁴⁰). */
const awkwardDouble = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ noNaN: true, min: -3, max: 3 }),
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: 0, max: 4000 }).map((k) => 1 + k * 2 ** -40),
  fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE),
);

describe("sortFloat64", () => {
  it("orders like Float64Array.prototype.sort, below and above the radix cut-over", () => {
    fc.assert(
      fc.property(fc.array(awkwardDouble, { maxLength: 3000 }), (values) => {
        const expected = Float64Array.from(values).sort();
        const actual = sortFloat64(Float64Array.from(values));
        expect(actual.length).toBe(expected.length);
        for (let i = 0; i < expected.length; i++) expect(Object.is(actual[i], expected[i]), `index ${i}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("sorts a long run sharing one high word (the fallback path)", () => {
    const values = Float64Array.from({ length: 2000 }, (_, k) => 1 + ((k * 7919) % 2000) * 2 ** -40);
    const sorted = sortFloat64(values.slice());
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]).toBeGreaterThan(sorted[i - 1]);
  });
});

describe("collectSorted", () => {
  it("drops null, undefined, NaN and ±Infinity, folds -0 into +0, and leaves the input alone", () => {
    const input = [3, null, -0, Number.NaN, undefined, Number.POSITIVE_INFINITY, -2, Number.NEGATIVE_INFINITY];
    const copy = [...input];
    const sample = collectSorted(input);
    expect(Array.from(sample.sorted)).toEqual([-2, 0, 3]);
    expect(Object.is(sample.sorted[1], 0)).toBe(true);
    expect(sample.missing).toBe(5);
    expect(sample.total).toBe(8);
    expect(input).toEqual(copy);
  });

  it("counts values ≤ x like searchsorted(side='right')", () => {
    const sorted = Float64Array.from([1, 2, 2, 2, 5]);
    expect([0, 1, 2, 4, 5, 6].map((x) => countAtMost(sorted, x))).toEqual([0, 1, 4, 4, 5, 5]);
  });
});
