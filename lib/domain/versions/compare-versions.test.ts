import { describe, expect, it } from "vitest";
import {
  canonicalText,
  compareVersions,
  describeFeature,
  isLowerBetter,
  parseComparedNumbers,
  type TCompareColumn,
} from "./compare-versions";

const column = (number: number, over: Partial<TCompareColumn> = {}): TCompareColumn => ({
  number,
  lineage: { "Git commit": "abc", Framework: "xgboost" },
  metrics: {},
  parameters: {},
  featureSchema: [],
  checks: {},
  evidence: {},
  drift: {},
  ...over,
});

describe("compareVersions", () => {
  it("marks the best metric by direction and takes deltas against the first version", () => {
    const c = compareVersions([
      column(1, { metrics: { auc: 0.8, rmse: 2 } }),
      column(2, { metrics: { auc: 0.85, rmse: 1.5 } }),
      column(3, { metrics: { auc: 0.82 } }),
    ]);
    const auc = c.metrics.find((r) => r.key === "auc")!;
    expect(auc.cells.map((x) => x.best)).toEqual([false, true, false]);
    expect(auc.cells[1]!.delta).toBeCloseTo(0.05);
    expect(auc.cells[0]!.delta).toBeNull();
    expect(auc.differs).toBe(true);
    const rmse = c.metrics.find((r) => r.key === "rmse")!;
    // Lower is better for errors; a missing value is shown as absent, not as zero.
    expect(rmse.cells.map((x) => x.best)).toEqual([false, true, false]);
    expect(rmse.cells[2]).toEqual({ text: null, value: null, delta: null, best: false });
  });

  it("crowns nobody when the values are equal, and does not count the row as different", () => {
    const c = compareVersions([column(1, { metrics: { auc: 0.8 } }), column(2, { metrics: { auc: 0.8 } })]);
    expect(c.metrics[0]!.cells.every((x) => !x.best)).toBe(true);
    expect(c.metrics[0]!.differs).toBe(false);
    expect(c.differing).toBe(0);
  });

  it("compares parameters by value whatever the key order of nested objects", () => {
    const c = compareVersions([
      column(1, { parameters: { grid: { a: 1, b: 2 }, depth: 6 } }),
      column(2, { parameters: { grid: { b: 2, a: 1 }, depth: 8, eta: 0.1 } }),
    ]);
    const byKey = Object.fromEntries(c.parameters.map((r) => [r.key, r]));
    expect(byKey.grid!.differs).toBe(false);
    expect(byKey.depth!.differs).toBe(true);
    expect(byKey.eta!.cells.map((x) => x.text)).toEqual([null, "0.1"]);
    expect(c.parameters.map((r) => r.key)).toEqual(["depth", "eta", "grid"]);
  });

  it("shows a feature added, removed or changed as a differing schema row", () => {
    const c = compareVersions([
      column(1, {
        featureSchema: [
          { name: "income", type: "numeric", min: 0 },
          { name: "region", type: "categorical", categories: ["n", "s"] },
        ],
      }),
      column(2, {
        featureSchema: [
          { name: "income", type: "numeric", min: 0, nullable: true },
          { name: "age", type: "numeric" },
        ],
      }),
    ]);
    const byKey = Object.fromEntries(c.features.map((r) => [r.key, r]));
    expect(byKey.income!.cells.map((x) => x.text)).toEqual(["numeric 0 … +∞", "numeric 0 … +∞, nullable"]);
    expect(byKey.region!.cells[1]!.text).toBeNull();
    expect(byKey.age!.cells[0]!.text).toBeNull();
    expect(c.features.every((r) => r.differs)).toBe(true);
    expect(c.differing).toBe(3);
  });

  it("counts differing checks, evidence, drift and lineage rows", () => {
    const c = compareVersions([
      column(1, {
        checks: { "unit-tests": "PASS" },
        evidence: { "Reference data": "registered" },
        drift: { "Drifted features": "0 of 4" },
      }),
      column(2, {
        checks: { "unit-tests": "FAIL" },
        evidence: { "Reference data": "registered" },
        drift: {},
        lineage: { "Git commit": "def", Framework: "xgboost" },
      }),
    ]);
    expect(c.checks[0]!.differs).toBe(true);
    expect(c.evidence[0]!.differs).toBe(false);
    expect(c.drift[0]!.cells.map((x) => x.text)).toEqual(["0 of 4", null]);
    expect(c.lineage.map((r) => r.differs)).toEqual([true, false]);
    expect(c.differing).toBe(3);
  });

  it("refuses fewer than two, more than four or repeated versions", () => {
    expect(() => compareVersions([column(1)])).toThrow(RangeError);
    expect(() => compareVersions([1, 2, 3, 4, 5].map((n) => column(n)))).toThrow(RangeError);
    expect(() => compareVersions([column(1), column(1)])).toThrow(RangeError);
  });
});

describe("isLowerBetter", () => {
  it.each([
    ["rmse", true],
    ["val_rmse", true],
    ["log_loss", true],
    ["error_rate", true],
    ["latency_p95", true],
    ["brier", true],
    ["auc", false],
    ["r2", false],
    ["accuracy", false],
    ["macro_f1", false],
    ["precision", false],
  ])("%s → %s", (m, lower) => expect(isLowerBetter(m)).toBe(lower));
});

describe("parseComparedNumbers", () => {
  it("reads repeated and comma-separated numbers, dropping repeats, keeping order", () => {
    expect(parseComparedNumbers(["3", "1"])).toEqual({ numbers: [3, 1] });
    expect(parseComparedNumbers("2,4,2")).toEqual({ numbers: [2, 4] });
    expect(parseComparedNumbers(["1,2", "3"])).toEqual({ numbers: [1, 2, 3] });
  });
  it("explains what is wrong otherwise", () => {
    expect(parseComparedNumbers(undefined)).toEqual({ error: "Pick at least 2 versions to compare." });
    expect(parseComparedNumbers("1")).toEqual({ error: "Pick at least 2 versions to compare." });
    expect(parseComparedNumbers("1,2,3,4,5")).toEqual({ error: "Compare at most 4 versions at once." });
    expect(parseComparedNumbers("1,x")).toEqual({ error: '"x" is not a version number.' });
    expect(parseComparedNumbers("0,1")).toEqual({ error: '"0" is not a version number.' });
  });
});

describe("helpers", () => {
  it("canonicalText sorts keys and leaves strings as they are", () => {
    expect(canonicalText({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalText("x")).toBe("x");
    expect(canonicalText(6)).toBe("6");
  });
  it("describeFeature words categories and ranges", () => {
    expect(describeFeature({ name: "r", type: "categorical" })).toBe("categorical any");
    expect(describeFeature({ name: "r", type: "numeric", max: 5, nullable: true })).toBe("numeric −∞ … 5, nullable");
  });
});
