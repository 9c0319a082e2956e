import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  categoricalDrift,
  classificationQuality,
  datasetDrift,
  numericDrift,
  psiBand,
  regressionQuality,
} from "./drift";
import { quantileEdges } from "./drift/numeric";

// The numpy/scipy oracle fixtures, vendored from ../shared/fixtures/drift so a lone clone tests itself;
// .ci/run fails when the copy and ../shared differ.
const FIXTURE_DIR = path.resolve(__dirname, "drift/__fixtures__");
const EXPECTED_FIXTURES = [
  "categorical_large_stable.json",
  "categorical_shift_unseen.json",
  "classification_binary.json",
  "numeric_no_drift_large.json",
  "numeric_scale_change_large.json",
  "numeric_small_shift.json",
  "numeric_ties_and_missing.json",
  "regression.json",
];
/** Counts: compared exactly, never with a tolerance. */
const INTEGER_KEYS = new Set(["tp", "fp", "fn", "tn", "chi2_dof"]);

type TFixture = {
  name: string;
  kind: string;
  expected: Record<string, unknown>;
  tolerance: Record<string, unknown>;
} & Record<string, unknown>;
type TTolerance = Array<{ kind: "absolute" | "relative"; value: number }>;

const fixtureFiles = readdirSync(FIXTURE_DIR)
  .filter((file) => file.endsWith(".json"))
  .sort();

function loadFixture(file: string): TFixture {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), "utf8")) as TFixture;
}

/** An input array of the fixture; a missing one fails loudly instead of producing all-null results. */
function input<T>(fixture: TFixture, key: string): T[] {
  const value = fixture[key];
  if (!Array.isArray(value)) throw new Error(`${fixture.name}: input "${key}" is missing`);
  return value as T[];
}

function evaluateFixture(fixture: TFixture): Record<string, unknown> {
  switch (fixture.kind) {
    case "numeric":
      return numericDrift(input<number | null>(fixture, "reference"), input<number | null>(fixture, "current"));
    case "categorical":
      return categoricalDrift(input<string | null>(fixture, "reference"), input<string | null>(fixture, "current"));
    case "classification": {
      const threshold = typeof fixture.threshold === "number" ? fixture.threshold : undefined;
      const scores = input<number | null>(fixture, "scores");
      return classificationQuality(scores, input<0 | 1 | null>(fixture, "labels"), threshold);
    }
    case "regression":
      return regressionQuality(input<number | null>(fixture, "actual"), input<number | null>(fixture, "predicted"));
    default:
      throw new Error(`unknown fixture kind ${fixture.kind}`);
  }
}

/** A per-key string such as "absolute 0.01 or relative 0.15" (any alternative may hold), else the defaults. */
function toleranceFor(key: string, spec: Record<string, unknown>): TTolerance {
  const raw = spec[key];
  if (raw === undefined) {
    return [
      { kind: "relative", value: Number(spec.default_relative ?? 1e-9) },
      { kind: "absolute", value: Number(spec.default_absolute ?? 0) },
    ];
  }
  const alternatives = [...String(raw).matchAll(/(absolute|relative)\s+([0-9.eE+-]+)/g)].map((match) => ({
    kind: match[1] as "absolute" | "relative",
    value: Number(match[2]),
  }));
  if (alternatives.length === 0 || alternatives.some((a) => !Number.isFinite(a.value))) {
    throw new Error(`unreadable tolerance ${key}: ${String(raw)}`);
  }
  return alternatives;
}

function isWithin(actual: number, expected: number, tolerance: TTolerance): boolean {
  const difference = Math.abs(actual - expected);
  return tolerance.some((t) => difference <= (t.kind === "absolute" ? t.value : t.value * Math.abs(expected)));
}

/** Compares one expected value (scalar or array) and returns how many leaves were checked. */
function compareValue(label: string, key: string, actual: unknown, expected: unknown, tolerance: TTolerance): number {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${label} should be an array`).toBe(true);
    const values = actual as unknown[];
    expect(values.length, `${label} length`).toBe(expected.length);
    return expected.reduce<number>(
      (count, e, i) => count + compareValue(`${label}[${i}]`, key, values[i], e, tolerance),
      0,
    );
  }
  if (expected === null || typeof expected === "boolean" || typeof expected === "string") {
    expect(actual, label).toBe(expected);
  } else if (typeof expected === "number" && INTEGER_KEYS.has(key)) {
    expect(Number.isInteger(actual), `${label} should be an integer`).toBe(true);
    expect(actual, label).toBe(expected);
  } else if (typeof expected === "number") {
    expect(typeof actual, `${label} should be a number`).toBe("number");
    expect(isWithin(actual as number, expected, tolerance), `${label}: got ${String(actual)}, want ${expected}`).toBe(
      true,
    );
  } else {
    throw new Error(`${label}: unsupported expected value ${JSON.stringify(expected)}`);
  }
  return 1;
}

function countLeaves(value: unknown): number {
  return Array.isArray(value) ? value.reduce<number>((count, v) => count + countLeaves(v), 0) : 1;
}

describe("oracle fixtures (numpy/scipy)", () => {
  it("finds every fixture", () => {
    expect(fixtureFiles).toEqual(expect.arrayContaining(EXPECTED_FIXTURES));
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(EXPECTED_FIXTURES.length);
  });

  it.each(fixtureFiles)("%s: every expected key within tolerance", (file) => {
    const fixture = loadFixture(file);
    const actual = evaluateFixture(fixture);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(fixture.expected).sort());
    let compared = 0;
    for (const [key, expected] of Object.entries(fixture.expected)) {
      compared += compareValue(
        `${fixture.name}.${key}`,
        key,
        actual[key],
        expected,
        toleranceFor(key, fixture.tolerance),
      );
    }
    expect(compared).toBe(countLeaves(Object.values(fixture.expected)));
    expect(compared).toBeGreaterThan(3);
  });

  it("compares with a tolerance that rejects a wrong value", () => {
    const fixture = loadFixture("numeric_small_shift.json");
    const spec = fixture.tolerance;
    expect(isWithin(0.3010001, 0.301, toleranceFor("ks_statistic", spec))).toBe(false);
    expect(isWithin(0.30100000000001, 0.301, toleranceFor("ks_statistic", spec))).toBe(true);
    expect(isWithin(0.05, 0.061, toleranceFor("ks_pvalue", spec))).toBe(false);
    expect(isWithin(0.055, 0.061, toleranceFor("ks_pvalue", spec))).toBe(true);
  });
});

/** Deterministic Fisher–Yates so fast-check can shrink failing shuffles. */
function shuffle<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Deep equality where numbers may differ by summation order (1e-12 relative). */
function expectSameResult(actual: unknown, expected: unknown, label = "result"): void {
  if (typeof expected === "number" && typeof actual === "number" && !Object.is(actual, expected)) {
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object)).toEqual(Object.keys(expected));
    const record = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) expectSameResult(record[key], value, `${label}.${key}`);
  } else {
    expect(actual, label).toBe(expected);
  }
}

const maybeNumber = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, Number.NaN) },
);
const sample = fc.array(maybeNumber, { minLength: 1, maxLength: 400 });
const category = fc.oneof(fc.constantFrom("a", "b", "c", "D", "é", "\u{1F600}", "\uFF61", ""), fc.constant(null));
const categories = fc.array(category, { minLength: 1, maxLength: 300 });
const labelledRow = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean());

describe("properties", () => {
  it("PSI, JS, KS and Wasserstein are 0 for identical numeric samples", () => {
    fc.assert(
      fc.property(sample, (values) => {
        const result = numericDrift(values, values);
        if (result.psi === null) return;
        expect(result.psi).toBe(0);
        expect(result.js_distance).toBe(0);
        expect(result.ks_statistic).toBe(0);
        expect(result.wasserstein).toBe(0);
        expect(result.ks_pvalue === null || result.ks_pvalue === 1).toBe(true);
      }),
    );
  });

  it("PSI, JS and chi-square are 0 for identical categorical samples", () => {
    fc.assert(
      fc.property(categories, (values) => {
        const result = categoricalDrift(values, values);
        if (result.psi === null) return;
        expect(result.psi).toBe(0);
        expect(result.js_distance).toBe(0);
        expect(result.chi2_statistic).toBe(0);
        expect(result.chi2_pvalue).toBe(1);
        expect(result.unseen_share).toBe(0);
        expect(result.drifted).toBe(false);
      }),
    );
  });

  it("keeps KS D, the KS p-value, JS and shares within their ranges", () => {
    fc.assert(
      fc.property(sample, sample, categories, categories, (r, c, rc, cc) => {
        const numeric = numericDrift(r, c);
        for (const v of [numeric.ks_statistic, numeric.ks_pvalue, numeric.js_distance]) {
          if (v !== null) expect(v >= 0 && v <= 1, `${v}`).toBe(true);
        }
        if (numeric.psi !== null) expect(numeric.psi).toBeGreaterThanOrEqual(0);
        const shares = numeric.current_bin_shares ?? [];
        if (shares.length > 0) expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        const categorical = categoricalDrift(rc, cc);
        for (const v of [categorical.js_distance, categorical.chi2_pvalue]) {
          if (v !== null) expect(v >= 0 && v <= 1, `${v}`).toBe(true);
        }
      }),
    );
  });

  it("does not depend on the order of rows", () => {
    fc.assert(
      fc.property(sample, sample, categories, categories, fc.integer(), (r, c, rc, cc, seed) => {
        expectSameResult(numericDrift(shuffle(r, seed), shuffle(c, seed + 1)), numericDrift(r, c));
        expectSameResult(categoricalDrift(shuffle(rc, seed), shuffle(cc, seed + 1)), categoricalDrift(rc, cc));
      }),
    );
    fc.assert(
      fc.property(fc.array(labelledRow, { maxLength: 200 }), fc.integer(), (rows, seed) => {
        const shuffled = shuffle(rows, seed);
        const quality = (list: typeof rows) =>
          classificationQuality(
            list.map((row) => row[0]),
            list.map((row) => row[1]),
          );
        expectSameResult(quality(shuffled), quality(rows));
        // 0/1 actuals keep SS_tot well conditioned; near-constant actuals make r2 depend on summation order itself.
        const regression = (list: typeof rows) =>
          regressionQuality(
            list.map((row) => Number(row[1])),
            list.map((row) => row[0]),
          );
        expectSameResult(regression(shuffled), regression(rows));
      }),
    );
  });

  it("treats missing values as absent (only the missing rates change)", () => {
    fc.assert(
      fc.property(sample, sample, (r, c) => {
        const withGaps = numericDrift([null, ...r, Number.NaN], [...c, undefined]);
        const clean = numericDrift(r, c);
        const rates = { missing_rate_reference: 0, missing_rate_current: 0 };
        expectSameResult({ ...withGaps, ...rates }, { ...clean, ...rates });
      }),
    );
  });
});

describe("numericDrift edge cases", () => {
  it("returns nulls, not zeros, for all-missing input", () => {
    const result = numericDrift([null, Number.NaN], [null]);
    expect(result).toMatchObject({ ks_statistic: null, ks_pvalue: null, wasserstein: null, bin_edges: null });
    expect(result).toMatchObject({ psi: null, js_distance: null, reference_bin_shares: null });
    expect(result).toMatchObject({ missing_rate_reference: 1, missing_rate_current: 1, method: "ks", drifted: null });
    expect(numericDrift([], []).missing_rate_reference).toBeNull();
  });

  it("keeps reference-only statistics when the current side is empty", () => {
    const result = numericDrift([1, 2, 3], [null]);
    expect(result.bin_edges).not.toBeNull();
    expect(result.reference_bin_shares).not.toBeNull();
    expect(result.current_bin_shares).toBeNull();
    expect(result.drifted).toBeNull();
  });

  it("uses W itself when the reference is constant (std = 0)", () => {
    const result = numericDrift([5, 5, 5, 5], [5, 6]);
    expect(result.ks_statistic).toBe(0.5);
    expect(result.wasserstein).toBe(0.5);
    expect(result.wasserstein_normed).toBe(0.5);
    expect(result.bin_edges).toEqual([5]);
    expect(result.reference_bin_shares).toEqual([1, 0]);
    expect(result.current_bin_shares).toEqual([0.5, 0.5]);
    expect(result.psi).toBeCloseTo(0.5 * Math.log(2) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), 14);
    const js = Math.sqrt((Math.log(4 / 3) + 0.5 * Math.log(2 / 3) + 0.5 * Math.log(2)) / Math.LN2 / 2);
    expect(result.js_distance).toBeCloseTo(js, 14);
  });

  it("computes KS and Wasserstein for a hand-checked shift", () => {
    const result = numericDrift([1, 2, 3], [2, 3, 4]);
    expect(result.ks_statistic).toBeCloseTo(1 / 3, 15);
    expect(result.wasserstein).toBe(1);
    expect(result.wasserstein_normed).toBeCloseTo(1 / Math.sqrt(2 / 3), 14);
    expect(result.ks_pvalue).toBeCloseTo(0.9444444444444444, 12); // scipy ks_2samp(method="asymp")
  });

  it("reproduces numpy's quantile edges bit for bit", () => {
    // np.unique(np.quantile(x, np.arange(0.1, 1.0, 0.1))) printed by numpy 2.4
    expect(quantileEdges(Float64Array.from([1, 2, 3, 4]))).toEqual([
      1.3, 1.6, 1.9000000000000001, 2.2, 2.5, 2.8, 3.1, 3.4000000000000004, 3.7,
    ]);
    expect(quantileEdges(Float64Array.from([0.1, 0.2, 0.7, 3.3, 10]))).toEqual([
      0.14, 0.18000000000000002, 0.3000000000000001, 0.5, 0.7, 1.7399999999999995, 2.7800000000000007,
      4.640000000000001, 7.32,
    ]);
  });

  it("switches from the KS test to normed Wasserstein above 1000 reference values", () => {
    const reference = Array.from({ length: 1000 }, (_, i) => i);
    expect(numericDrift(reference, reference).method).toBe("ks");
    expect(numericDrift([...reference, 1000], reference).method).toBe("wasserstein_normed");
  });
});

describe("categoricalDrift edge cases", () => {
  it("handles a single shared category (dof 0, p = 1)", () => {
    const result = categoricalDrift(["a", "a"], ["a"]);
    expect(result).toMatchObject({ categories: ["a"], chi2_statistic: 0, chi2_pvalue: 1, chi2_dof: 0 });
    expect(result).toMatchObject({ psi: 0, js_distance: 0, drifted: false });
  });

  it("reports unseen categories and missing rates on non-missing denominators", () => {
    const result = categoricalDrift(["a", "b", null], ["a", "c", "c", null]);
    expect(result.categories).toEqual(["a", "b", "c"]);
    expect(result.reference_shares).toEqual([0.5, 0.5, 0]);
    expect(result.current_shares).toEqual([1 / 3, 0, 2 / 3]);
    expect(result.unseen_share).toBe(2 / 3);
    expect(result.missing_rate_reference).toBe(1 / 3);
    expect(result.missing_rate_current).toBe(0.25);
    expect(result.chi2_dof).toBe(2);
  });

  it("orders categories by code point like Python", () => {
    expect(categoricalDrift(["\u{1F600}", "\uFF61", "b", "B"], ["b"]).categories).toEqual([
      "B",
      "b",
      "\uFF61",
      "\u{1F600}",
    ]);
  });

  it("returns nulls when a side is all missing", () => {
    const result = categoricalDrift([null], ["a"]);
    expect(result).toMatchObject({ reference_shares: null, chi2_pvalue: null, psi: null, js_distance: null });
    expect(result).toMatchObject({ current_shares: [1], unseen_share: 1, drifted: null });
  });
});

describe("quality", () => {
  it("computes AUC with average ranks for ties", () => {
    expect(classificationQuality([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc).toBe(0.75);
    expect(classificationQuality([0.5, 0.5, 0.5, 0.9], [0, 1, 0, 1]).auc).toBe(0.75);
  });

  it("returns null AUC for one class and null precision when nothing is predicted positive", () => {
    const result = classificationQuality([0.1, 0.2], [1, 1]);
    expect(result.auc).toBeNull();
    expect(result).toMatchObject({ precision: null, recall: 0, f1: 0, tp: 0, fp: 0, fn: 2, tn: 0, accuracy: 0 });
    expect(classificationQuality([], []).accuracy).toBeNull();
  });

  it("clips log loss at 1e-15 and leaves the Brier score unclipped", () => {
    const result = classificationQuality([0, 1], [1, 0]);
    // Like numpy, 1 − (1 − 1e-15) is 9.992e-16 in binary floating point, not 1e-15.
    expect(result.log_loss).toBeCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, 12);
    expect(result.brier).toBe(1);
  });

  it("skips rows with a missing score or label and rejects labels other than 0/1", () => {
    const result = classificationQuality([0.9, null, 0.2, 0.7], [1, 0, null, false]);
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 0, tn: 0 });
    expect(() => classificationQuality([0.5], [2 as never])).toThrow(RangeError);
    expect(() => classificationQuality([0.5], [])).toThrow(RangeError);
  });

  it("computes regression metrics by hand", () => {
    const result = regressionQuality([1, 2, 3, null], [2, 2, 4, 5]);
    expect(result.rmse).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(result.mae).toBeCloseTo(2 / 3, 15);
    expect(result.bias).toBeCloseTo(2 / 3, 15);
    expect(result.r2).toBeCloseTo(0, 15);
    expect(regressionQuality([4, 4], [4, 5]).r2).toBeNull();
  });
});

describe("decisions", () => {
  it("bands PSI at 0.1 and 0.25", () => {
    expect([0, 0.0999, 0.1, 0.2499, 0.25, 3].map(psiBand)).toEqual([
      "stable",
      "stable",
      "moderate",
      "moderate",
      "significant",
      "significant",
    ]);
    expect(psiBand(null)).toBeNull();
  });

  it("flags the dataset when the drifted share reaches the threshold, ignoring undecided features", () => {
    const features = [{ drifted: true }, { drifted: false }, { drifted: null }, { drifted: true }];
    expect(datasetDrift(features)).toEqual({
      feature_count: 4,
      evaluated_count: 3,
      drifted_count: 2,
      drifted_share: 2 / 3,
      threshold: 0.5,
      drifted: true,
    });
    expect(datasetDrift(features, 0.7).drifted).toBe(false);
    expect(datasetDrift({ age: { drifted: true }, income: { drifted: false } }).drifted).toBe(true);
    expect(datasetDrift([])).toMatchObject({ drifted_share: null, drifted: false });
    expect(() => datasetDrift(features, 0)).toThrow(RangeError);
  });
});
