import { describe, expect, it } from "vitest";
import { compareWithChampion } from "./champion";

describe("compareWithChampion", () => {
  it("signs deltas so that positive is better, for higher- and lower-is-better metrics", () => {
    const rows = compareWithChampion(
      { auc: 0.85, rmse: 9, f1: 0.7 },
      { auc: 0.86, rmse: 10, brier: 0.1 },
      { gated: ["auc", "rmse"], tolerance: 0.005, lowerIsBetter: ["rmse"] },
    );
    expect(rows.map((r) => r.metric)).toEqual(["auc", "rmse", "f1", "brier"]);
    expect(rows[0]).toMatchObject({ challenger: 0.85, champion: 0.86, lowerIsBetter: false, withinTolerance: false });
    expect(rows[0]!.delta).toBeCloseTo(-0.01, 12);
    expect(rows[1]).toMatchObject({ delta: 1, withinTolerance: true, lowerIsBetter: true });
    expect(rows[2]).toMatchObject({ champion: null, delta: null, withinTolerance: null });
  });
  it("accepts a regression exactly at the tolerance", () => {
    expect(
      compareWithChampion({ auc: 0.855 }, { auc: 0.86 }, { gated: ["auc"], tolerance: 0.005, lowerIsBetter: [] })[0]!
        .withinTolerance,
    ).toBe(true);
  });
});
