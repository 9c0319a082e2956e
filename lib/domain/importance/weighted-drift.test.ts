import { describe, expect, it } from "vitest";
import { weightedDriftScore } from "./weighted-drift";

describe("weightedDriftScore", () => {
  it("is Σ w·PSI / Σ w, computed by hand on a fixture", () => {
    // w = 0.6, 0.3, 0.1; PSI = 0.05, 0.40, 0.90 → (0.03 + 0.12 + 0.09) / 1.0 = 0.24
    const r = weightedDriftScore({ income: 0.6, debt: 0.3, region: 0.1 }, { income: 0.05, debt: 0.4, region: 0.9 });
    expect(r!.score).toBeCloseTo(0.24, 12);
    expect(r!.coverage).toBe(1);
    expect(r!.features).toBe(3);
    // debt contributes 0.12 of 0.24: half the numerator, with 30 % of the importance.
    expect(r!.top!.feature).toBe("debt");
    expect(r!.top!.contribution).toBeCloseTo(0.5, 12);
    expect(r!.top!.weight).toBeCloseTo(0.3, 12);
  });
  it("does not depend on the scale of the importances", () => {
    const a = weightedDriftScore({ a: 6, b: 3, c: 1 }, { a: 0.05, b: 0.4, c: 0.9 });
    expect(a!.score).toBeCloseTo(0.24, 12);
  });
  it("barely moves for a drifted feature the model ignores, moves fully for the one it relies on", () => {
    const imp = { important: 0.95, ignored: 0.05 };
    expect(weightedDriftScore(imp, { important: 0.01, ignored: 2 })!.score).toBeCloseTo(0.95 * 0.01 + 0.05 * 2, 12); // 0.1095
    expect(weightedDriftScore(imp, { important: 2, ignored: 0.01 })!.score).toBeCloseTo(0.95 * 2 + 0.05 * 0.01, 12); // 1.9005
  });
  it("leaves out features without PSI (both sums) and reports coverage", () => {
    // w 0.5 judged with PSI 0.2, w 0.3 judged with PSI 0.4, w 0.2 without PSI → (0.1 + 0.12) / 0.8 = 0.275
    const r = weightedDriftScore({ a: 0.5, b: 0.3, c: 0.2 }, { a: 0.2, b: 0.4, c: null });
    expect(r!.score).toBeCloseTo(0.275, 12);
    expect(r!.coverage).toBeCloseTo(0.8, 12);
    expect(r!.features).toBe(2);
  });
  it("clips negative importances to 0 and ignores PSI of features without importance", () => {
    const r = weightedDriftScore({ a: 1, b: -0.5 }, { a: 0.1, b: 5, zzz: 9 });
    expect(r!.score).toBeCloseTo(0.1, 12);
    expect(r!.features).toBe(2);
  });
  it("is null when no judged feature carries positive importance", () => {
    expect(weightedDriftScore({ a: 0, b: -1 }, { a: 0.3, b: 0.3 })).toBeNull();
    expect(weightedDriftScore({ a: 1 }, { b: 0.3 })).toBeNull();
    expect(weightedDriftScore({ a: 1 }, { a: Number.NaN })).toBeNull();
    expect(weightedDriftScore({}, {})).toBeNull();
  });
  it("a window without drift scores 0 with no top contributor", () => {
    const r = weightedDriftScore({ a: 1, b: 1 }, { a: 0, b: 0 });
    expect(r).toEqual({
      score: 0,
      coverage: 1,
      features: 2,
      top: { feature: "a", psi: 0, weight: 0.5, contribution: 0 },
    });
  });
});
