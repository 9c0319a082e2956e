import { describe, expect, it } from "vitest";
import { kolmogorovSf, ksTwoSampleAsymptoticPValue, roundHalfEven, smirnovSf } from "./kolmogorov";
import { chiSquareSf, logGamma, regularizedGammaQ } from "./special-functions";

/** Relative agreement, with an absolute floor for values that are 0 or close to it. */
function expectClose(actual: number, expected: number, relative: number, label: string): void {
  const tolerance = Math.max(relative * Math.abs(expected), 1e-300);
  expect(Math.abs(actual - expected), `${label}: got ${actual}, want ${expected}`).toBeLessThanOrEqual(tolerance);
}

// scipy 1.17.1 `stats.kstwo.sf(x, n)`, one row per branch of scipy's algorithm choice.
const KSTWO_SF: Array<[number, number, number, string]> = [
  [1, 0.3, 1.0, "t <= 0.5"],
  [10, 0.08, 0.9999978058034054, "Ruben-Gambino, n <= 140"],
  [500, 0.0015, 1.0, "Ruben-Gambino, n > 140"],
  [10, 0.95, 1.9531250000000172e-13, "t >= n - 1"],
  [20, 0.6, 2.0483011649719853e-7, "x >= 0.5: 2 * Smirnov"],
  [100, 0.05, 0.9532159710635725, "n <= 140, Durbin"],
  [111, 0.12, 0.07518255871951415, "n <= 140, Pomeranz range"],
  [111, 0.301, 2.040940436521378e-9, "n <= 140, 2 * Smirnov"],
  [5000, 0.3, 0.0, "n > 140, n x^2 >= 370"],
  [2222, 0.22365, 4.026688658322013e-98, "n > 140, 2 * Smirnov, far tail"],
  [2222, 0.06, 2.1416548000595674e-7, "n > 140, 2 * Smirnov"],
  [1000, 0.011, 0.9996452227121748, "n > 140, Durbin matrix"],
  [5000, 0.004, 0.9999977369528622, "n > 140, Durbin matrix"],
  [5000, 0.012, 0.4639912166690192, "n > 140, Pelz-Good"],
  [5000, 0.02, 0.03613941395325637, "n > 140, Pelz-Good"],
  [200000, 0.002, 0.39995085369038097, "n > 100000, Pelz-Good"],
];

// scipy 1.17.1 `stats.chi2.sf(x, dof)`.
const CHI2_SF: Array<[number, number, number]> = [
  [3.841458820694124, 1, 0.04999999999999989],
  [89.75417654744479, 4, 1.4849917645210231e-18],
  [0.5, 10, 0.999993388289439],
  [1000.0, 900, 0.010994608942135844],
  [30.0, 2, 3.0590232050182594e-7],
  [0.001, 3, 0.9999915920809419],
  [250.0, 200, 0.009379131668826098],
];

describe("kolmogorovSf", () => {
  it.each(KSTWO_SF)("matches scipy kstwo.sf for n=%d, x=%f (%s)", (n, x, expected, label) => {
    expectClose(kolmogorovSf(n, x), expected, 1e-9, label);
  });

  it("is 1 at x ≤ 0, 0 at x ≥ 1 and NaN for a non-integer n", () => {
    expect(kolmogorovSf(50, 0)).toBe(1);
    expect(kolmogorovSf(50, 1)).toBe(0);
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });

  it("decreases in x across the branch boundaries", () => {
    for (const n of [7, 140, 141, 3000, 20_000]) {
      let previous = 1;
      for (let x = 0.0005; x < 1; x += x < 0.05 ? 0.0005 : 0.005) {
        const p = kolmogorovSf(n, x);
        expect(p, `n=${n} x=${x}`).toBeLessThanOrEqual(previous + 1e-12);
        previous = p;
      }
    }
  });

  it("one-sided Smirnov: P(D1+ ≥ x) = 1 − x", () => {
    expectClose(smirnovSf(1, 0.3), 0.7, 1e-15, "n = 1");
  });
});

describe("ksTwoSampleAsymptoticPValue", () => {
  it("uses round-half-even(n·m/(n+m)) as scipy does", () => {
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(111.11)).toBe(111);
    // numeric_small_shift: n = 200, m = 250, en = 111.1 → kstwo.sf(0.301, 111)
    const p = ksTwoSampleAsymptoticPValue(0.30100000000000005, 200, 250) ?? Number.NaN;
    expectClose(p, 2.0409404365213623e-9, 1e-9, "fixture");
  });

  it("is undefined for one value per side (en rounds to 0, scipy gives NaN)", () => {
    expect(ksTwoSampleAsymptoticPValue(1, 1, 1)).toBeNull();
  });
});

describe("special functions", () => {
  it("logGamma matches ln((n−1)!) and ln Γ(1/2) = ln √π", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    expectClose(logGamma(10), Math.log(362880), 1e-14, "ln Γ(10)");
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, "ln Γ(1/2)");
    expectClose(logGamma(171), 706.5730622457874, 1e-14, "ln Γ(171)");
  });

  it.each(CHI2_SF)("chiSquareSf(%f, %d) matches scipy chi2.sf", (x, dof, expected) => {
    expectClose(chiSquareSf(x, dof), expected, 1e-9, `chi2(${x}, ${dof})`);
  });

  it("Q(1, x) = e^−x on both sides of the series/continued-fraction switch", () => {
    for (const x of [0.01, 1.5, 2.5, 40, 700]) expectClose(regularizedGammaQ(1, x), Math.exp(-x), 1e-13, `x=${x}`);
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaQ(-1, 2)).toBeNaN();
  });
});
