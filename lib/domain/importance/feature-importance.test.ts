import { describe, expect, it } from "vitest";
import {
  compareImportance,
  droppedFeatures,
  ordinal,
  parseImportanceJson,
  rankImportance,
  summarizeImportanceChange,
  topShare,
  validateImportance,
} from "./feature-importance";

const FEATURES = ["income", "debt_to_income", "region"];
const values = { income: 0.5, debt_to_income: 0.3, region: 0.2 };
const paths = (r: ReturnType<typeof validateImportance>) => (r.ok ? [] : r.errors.map((e) => e.path));

describe("validateImportance", () => {
  it("accepts one finite value per schema feature, with optional segments", () => {
    const r = validateImportance({ method: "shap_mean_abs", values, segments: { young: values } }, FEATURES);
    expect(r).toEqual({ ok: true, importance: { method: "shap_mean_abs", values, segments: { young: values } } });
    expect(validateImportance({ method: "gain", values }, FEATURES)).toMatchObject({
      ok: true,
      importance: { segments: {} },
    });
  });
  it("names unknown and missing features by path", () => {
    expect(paths(validateImportance({ method: "gain", values: { income: 1, zip: 2, region: 0 } }, FEATURES))).toEqual([
      "values.zip",
      "values.debt_to_income",
    ]);
  });
  it("refuses negative values for shap_mean_abs and gain, accepts them for permutation and other", () => {
    const neg = { ...values, region: -0.01 };
    expect(paths(validateImportance({ method: "shap_mean_abs", values: neg }, FEATURES))).toEqual(["values.region"]);
    expect(paths(validateImportance({ method: "gain", values: neg }, FEATURES))).toEqual(["values.region"]);
    expect(validateImportance({ method: "permutation", values: neg }, FEATURES).ok).toBe(true);
    expect(validateImportance({ method: "other", values: neg }, FEATURES).ok).toBe(true);
  });
  it("refuses NaN, ±Infinity, strings and null with a message saying what came", () => {
    const r = validateImportance(
      {
        method: "permutation",
        values: { income: Number.NaN, debt_to_income: Number.POSITIVE_INFINITY, region: "0.2" },
      },
      FEATURES,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.path, e.message])).toEqual([
        ["values.income", "A finite number (got NaN)."],
        ["values.debt_to_income", "A finite number (got Infinity)."],
        ["values.region", 'A finite number (got the text "0.2").'],
      ]);
    }
    expect(paths(validateImportance({ method: "permutation", values: { ...values, income: null } }, FEATURES))).toEqual(
      ["values.income"],
    );
    expect(
      paths(
        validateImportance(
          { method: "permutation", values: { ...values, income: Number.NEGATIVE_INFINITY } },
          FEATURES,
        ),
      ),
    ).toEqual(["values.income"]);
  });
  it("checks every segment like the global values", () => {
    const r = validateImportance(
      { method: "gain", values, segments: { young: { income: -1, region: 0 }, "bad/name!": values } },
      FEATURES,
    );
    expect(paths(r)).toEqual(["segments.young.income", "segments.young.debt_to_income", "segments.bad/name!"]);
    expect(paths(validateImportance({ method: "gain", values, segments: [values] }, FEATURES))).toEqual(["segments"]);
  });
  it("refuses an unknown method, unknown top-level fields, a non-object and a version without schema", () => {
    expect(paths(validateImportance({ method: "lime", values }, FEATURES))).toEqual(["method"]);
    expect(paths(validateImportance({ method: "gain", values, extra: 1 }, FEATURES))).toEqual(["extra"]);
    expect(paths(validateImportance([1, 2], FEATURES))).toEqual([""]);
    expect(paths(validateImportance({ method: "gain", values: [1, 2, 3] }, FEATURES))).toEqual(["values"]);
    expect(paths(validateImportance({ method: "gain", values }, []))).toEqual(["values"]);
  });
});

describe("parseImportanceJson", () => {
  it("reads Python's NaN / Infinity tokens as numbers and leaves strings alone", () => {
    expect(parseImportanceJson('{"method":"gain","values":{"a":NaN,"b":-Infinity,"c":Infinity,"d":"NaN"}}')).toEqual({
      method: "gain",
      values: { a: Number.NaN, b: Number.NEGATIVE_INFINITY, c: Number.POSITIVE_INFINITY, d: "NaN" },
    });
    expect(parseImportanceJson('{"k":"a \\"NaN\\" b"}')).toEqual({ k: 'a "NaN" b' });
  });
  it("returns undefined for text that is not JSON", () => {
    expect(parseImportanceJson("{oops")).toBeUndefined();
  });
});

describe("ranks and shares", () => {
  it("ranks highest first, ties by name, shares of the positive total", () => {
    const r = rankImportance({ b: 1, a: 1, c: 2, d: -1 });
    expect(r.map((x) => [x.feature, x.rank, x.share])).toEqual([
      ["c", 1, 0.5],
      ["a", 2, 0.25],
      ["b", 3, 0.25],
      ["d", 4, 0],
    ]);
  });
  it("gives every share 0 when nothing is positive", () => {
    expect(rankImportance({ a: 0, b: -0.1 }).map((x) => x.share)).toEqual([0, 0]);
    expect(topShare(rankImportance({ a: 0 }))).toBe(0);
  });
  it("top-3 share sums the three largest shares", () => {
    expect(topShare(rankImportance({ a: 4, b: 3, c: 2, d: 1 }))).toBeCloseTo(0.9, 12);
    expect(topShare(rankImportance({ a: 1, b: 1 }))).toBe(1);
  });
});

describe("compareImportance", () => {
  const champion = { income: 0.2, debt_to_income: 0.3, region: 0.25, open_accounts: 0.25 };
  const challenger = { income: 0.42, debt_to_income: 0.3, region: 0.02, tenure: 0.26 };
  it("pairs each feature with the champion's rank and share", () => {
    const rows = compareImportance(challenger, champion);
    expect(rows.map((r) => [r.feature, r.rank, r.championRank, r.rankDelta])).toEqual([
      ["income", 1, 4, 3],
      ["debt_to_income", 2, 1, -1],
      ["tenure", 3, null, null],
      // open_accounts and region tie at 0.25 for the champion: the name decides (open_accounts 2nd, region 3rd).
      ["region", 4, 3, -1],
    ]);
    expect(rows[0]!.shareRatio).toBeCloseTo(0.42 / 0.2, 12);
    expect(rows[2]!.shareRatio).toBeNull();
    expect(droppedFeatures(challenger, champion).map((r) => r.feature)).toEqual(["open_accounts"]);
  });
});

describe("summarizeImportanceChange", () => {
  it("says what moved, in plain words", () => {
    const champion = {
      debt_to_income: 0.25,
      a: 0.23,
      region: 0.22,
      income: 0.2,
      b: 0.05,
      c: 0.03,
      d: 0.01,
      e: 0.005,
      f: 0.005,
    };
    const challenger = {
      income: 0.42,
      debt_to_income: 0.24,
      a: 0.16,
      b: 0.1,
      c: 0.04,
      d: 0.02,
      e: 0.015,
      f: 0.01,
      region: 0.005,
    };
    // income: share (0.42 / 1.01) / 0.2 ≈ 2.08 → 2.1×; region: 3rd → 9th; a (0.16 / 1.01 vs 0.23, 1.45× less)
    // and b (1.98× more, but income's is larger) stay out of it.
    expect(summarizeImportanceChange({ version: 5, championVersion: 4, challenger, champion })).toBe(
      "v5 relies on income 2.1× more than v4; region dropped from 3rd to 9th.",
    );
  });
  it("stays quiet about small moves and says so", () => {
    const champion = { a: 0.3, b: 0.28, c: 0.27, d: 0.15 };
    // d: 0.17 vs 0.15 is 1.13×, below 1.5×; no rank moves.
    expect(
      summarizeImportanceChange({
        version: 2,
        championVersion: 1,
        challenger: { a: 0.3, b: 0.28, c: 0.25, d: 0.17 },
        champion,
      }),
    ).toBe(
      "v2 relies on its features much as v1 does (top 3: a, b, c); no share moved 1.5× and no top-5 feature moved 2 ranks.",
    );
    // d: 0.35 / 0.15 = 2.33×; a: 1st → 4th (its 3.0× lower share is not repeated: one clause per feature).
    expect(
      summarizeImportanceChange({
        version: 2,
        championVersion: 1,
        challenger: { a: 0.1, b: 0.28, c: 0.27, d: 0.35 },
        champion,
      }),
    ).toBe("v2 relies on d 2.3× more than v1; a dropped from 1st to 4th.");
    // c: 0.05 / 0.2 → 4.0× less and b 3.0× less without a 2-rank move: the larger decrease is told.
    expect(
      summarizeImportanceChange({
        version: 2,
        championVersion: 1,
        challenger: { a: 0.45, b: 0.1, c: 0.05, d: 0.4 },
        champion: { a: 0.45, b: 0.3, c: 0.2, d: 0.05 },
      }),
    ).toBe("v2 relies on d 8.0× more than v1; v2 relies on c 4.0× less than v1.");
  });
  it("reports a rank drop when the share barely changed", () => {
    // b: 2nd → 5th, share (7.9/43.4) / (9.5/45) ≈ 0.86: a move of ranks, not of reliance.
    const champion = { a: 10, b: 9.5, c: 9, d: 8.5, e: 8 };
    const challenger = { a: 10, c: 9, d: 8.5, e: 8, b: 7.9 };
    expect(summarizeImportanceChange({ version: 5, championVersion: 4, challenger, champion })).toBe(
      "b dropped from 2nd to 5th.",
    );
  });
  it("names rank moves and new features", () => {
    const champion = { a: 5, b: 4, c: 3.9, d: 3.8, e: 3.7 };
    const challenger = { a: 5, e: 4, b: 3.9, c: 3.8, d: 3.7, z: 1 };
    // z is new but 6th: outside the top 5 the summary looks at.
    expect(summarizeImportanceChange({ version: 3, championVersion: 2, challenger, champion })).toBe(
      "e rose from 5th to 2nd.",
    );
    const withNew = { z: 6, a: 5, b: 4, c: 3.9, d: 3.8, e: 3.7 };
    expect(summarizeImportanceChange({ version: 3, championVersion: 2, challenger: withNew, champion })).toBe(
      "z is new and ranks 1st.",
    );
  });
  it("says when a feature is no longer used", () => {
    expect(
      summarizeImportanceChange({
        version: 2,
        championVersion: 1,
        challenger: { a: 1, b: 0 },
        champion: { a: 1, b: 1 },
      }),
    ).toBe("v2 relies on a 2.0× more than v1; v2 no longer uses b (2nd for v1).");
  });
});

describe("ordinal", () => {
  it("writes English ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 103].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "103rd",
    ]);
  });
});
