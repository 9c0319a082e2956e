import { describe, expect, it } from "vitest";
import { categoricalDrift, numericDrift } from "../drift";
import { byDriftedFirst, heatTone, toDistributionRows } from "./distribution";

describe("toDistributionRows", () => {
  it("labels numeric bins from the reference quantile edges, outer bins open", () => {
    const ref = Array.from({ length: 100 }, (_, i) => i);
    const cur = ref.map((x) => x + 20);
    const rows = toDistributionRows(numericDrift(ref, cur));
    expect(rows).toHaveLength(10);
    expect(rows[0]!.label).toBe("≤ 9.90");
    expect(rows[9]!.label).toBe("> 89.10");
    expect(rows.reduce((s, r) => s + r.reference, 0)).toBeCloseTo(100, 9);
    expect(rows.reduce((s, r) => s + r.current, 0)).toBeCloseTo(100, 9);
    expect(rows[9]!.current).toBeGreaterThan(rows[9]!.reference);
  });
  it("uses categories for categorical features, including unseen ones", () => {
    const rows = toDistributionRows(categoricalDrift(["a", "a", "b"], ["a", "c"]));
    expect(rows.map((r) => r.label)).toEqual(["a", "b", "c"]);
    expect(rows.find((r) => r.label === "c")).toEqual({ label: "c", reference: 0, current: 50 });
  });
  it("returns no rows when there is nothing to draw", () => {
    expect(toDistributionRows(null)).toEqual([]);
    expect(toDistributionRows(numericDrift([], [1, 2]))).toEqual([]);
  });
});

describe("heatTone", () => {
  it("follows the PSI bands and never shows a drifted feature as stable", () => {
    expect(heatTone({ psi: 0.05, drifted: false })).toBe("stable");
    expect(heatTone({ psi: 0.05, drifted: true })).toBe("moderate");
    expect(heatTone({ psi: 0.2, drifted: false })).toBe("moderate");
    expect(heatTone({ psi: 0.4, drifted: false })).toBe("significant");
    expect(heatTone(undefined)).toBe("none");
  });
});

describe("byDriftedFirst", () => {
  it("puts drifted features first, then the higher PSI, unknown PSI as 0", () => {
    const f = (feature: string, drifted: boolean, psi: number | null) => ({ feature, drifted, psi });
    const sorted = [
      f("a", false, 0.3),
      f("b", true, 0.1),
      f("c", false, null),
      f("d", true, 0.5),
      f("e", false, 0.05),
    ].sort(byDriftedFirst);
    expect(sorted.map((x) => x.feature)).toEqual(["d", "b", "a", "e", "c"]);
  });
});
