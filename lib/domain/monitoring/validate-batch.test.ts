import { describe, expect, it } from "vitest";
import type { TFeatureSpec } from "./columns";
import { FATAL_ISSUES_MAX, UNSEEN_CATEGORIES_MAX, validateBatch } from "./validate-batch";

const SCHEMA: TFeatureSpec[] = [
  { name: "income", type: "numeric", min: 0, max: 1000 },
  { name: "age", type: "numeric" },
  { name: "region", type: "categorical", categories: ["north", "south"] },
  { name: "channel", type: "categorical", nullable: true },
];
const opts = { maxRows: 100, problemType: "CLASSIFICATION" as const };

describe("validateBatch — findings (the batch is stored)", () => {
  it("accepts a clean batch with no finding", () => {
    const r = validateBatch(
      SCHEMA,
      {
        columns: { income: [1, 2], age: [30, 40], region: ["north", "south"], channel: ["web", "app"] },
        prediction: [0.1, 0.9],
        label: [0, 1],
      },
      opts,
    );
    expect(r.fatal).toEqual([]);
    expect(r.rowCount).toBe(2);
    expect(r.findings.unknownColumns).toEqual([]);
    expect(r.findings.absentColumns).toEqual([]);
    expect(r.findings.features.income).toEqual({
      missingRate: 0,
      unseenCategories: [],
      unseenShare: 0,
      outOfRange: 0,
      outOfRangeShare: 0,
    });
    expect(r.batch.prediction).toEqual([0.1, 0.9]);
    expect(r.batch.label).toEqual([0, 1]);
  });

  it("reports unknown columns (dropped) and absent features", () => {
    const r = validateBatch(SCHEMA, { columns: { income: [1], extra: ["x"], other: [2] } }, opts);
    expect(r.fatal).toEqual([]);
    expect(r.findings.unknownColumns).toEqual(["extra", "other"]);
    expect(r.findings.absentColumns).toEqual(["age", "region", "channel"]);
    expect(Object.keys(r.batch.columns)).toEqual(["income"]);
  });

  it("measures missing rates, out-of-range values and unseen categories per feature", () => {
    const r = validateBatch(
      SCHEMA,
      {
        columns: {
          income: [-5, 10, null, 2000],
          region: ["north", "east", "west", "east"],
          channel: [null, "web", "", "app"],
        },
      },
      { ...opts, knownCategories: { channel: ["web"] } },
    );
    expect(r.fatal).toEqual([]);
    expect(r.findings.features.income).toEqual({
      missingRate: 0.25,
      unseenCategories: [],
      unseenShare: 0,
      outOfRange: 2,
      outOfRangeShare: 2 / 3,
    });
    expect(r.findings.features.region).toEqual({
      missingRate: 0,
      unseenCategories: ["east", "west"],
      unseenShare: 0.75,
      outOfRange: 0,
      outOfRangeShare: 0,
    });
    // Without declared categories the reference's categories are the yardstick; "" is missing.
    expect(r.findings.features.channel).toEqual({
      missingRate: 0.5,
      unseenCategories: ["app"],
      unseenShare: 0.5,
      outOfRange: 0,
      outOfRangeShare: 0,
    });
    expect(r.batch.columns.channel).toEqual([null, "web", null, "app"]);
  });

  it("reads numbers in categorical columns as text and caps the list of unseen categories", () => {
    const codes = Array.from({ length: 30 }, (_, i) => i);
    const r = validateBatch(SCHEMA, { columns: { region: codes } }, opts);
    expect(r.fatal).toEqual([]);
    expect(r.batch.columns.region![3]).toBe("3");
    expect(r.findings.features.region!.unseenCategories).toHaveLength(UNSEEN_CATEGORIES_MAX);
    expect(r.findings.features.region!.unseenShare).toBe(1);
  });

  it("does not judge unseen categories when neither schema nor reference names any", () => {
    const r = validateBatch(SCHEMA, { columns: { channel: ["web", "carrier-pigeon"] } }, opts);
    expect(r.findings.features.channel!.unseenCategories).toEqual([]);
  });

  it("accepts labels that are not 0/1 for a regression model", () => {
    const r = validateBatch(
      SCHEMA,
      { columns: { income: [1, 2] }, prediction: [3.5, -2], label: [4.2, null] },
      { ...opts, problemType: "REGRESSION" },
    );
    expect(r.fatal).toEqual([]);
  });

  it("keeps a batch where up to half of the rows carry no feature value", () => {
    const r = validateBatch(SCHEMA, { columns: { income: [1, null], age: [2, null] } }, opts);
    expect(r.fatal).toEqual([]);
    expect(r.findings.features.income!.missingRate).toBe(0.5);
  });
});

describe("validateBatch — fatal (nothing is stored)", () => {
  const paths = (r: ReturnType<typeof validateBatch>) => r.fatal.map((f) => f.path);

  it("refuses an empty batch: no column, or no row", () => {
    expect(paths(validateBatch(SCHEMA, { columns: {} }, opts))).toEqual(["columns"]);
    expect(paths(validateBatch(SCHEMA, { columns: { income: [] } }, opts))).toEqual(["columns"]);
  });

  it("refuses more rows than the limit", () => {
    const r = validateBatch(SCHEMA, { columns: { income: Array(101).fill(1) } }, opts);
    expect(r.fatal).toEqual([
      { path: "columns", message: "The batch has 101 rows; at most 100 are accepted per request." },
    ]);
  });

  it("names every column whose length differs from the first", () => {
    const r = validateBatch(
      SCHEMA,
      {
        columns: { income: [1, 2, 3], age: [1, 2], region: ["north", "south", "north"] },
        prediction: [0.5],
        label: [0, 1, 1],
      },
      opts,
    );
    expect(paths(r)).toEqual(["columns.age", "prediction"]);
    expect(r.fatal[0]!.message).toBe("Has 2 values; columns.income has 3. Every column needs one value per row.");
  });

  it("refuses reserved column names", () => {
    expect(paths(validateBatch(SCHEMA, { columns: { income: [1], __prediction__: [0.3] } }, opts))).toEqual([
      "columns.__prediction__",
    ]);
  });

  it("refuses a batch with no feature of the schema, or a version without schema", () => {
    expect(validateBatch(SCHEMA, { columns: { a: [1], b: [2] } }, opts).fatal[0]!.message).toBe(
      "None of the columns (a, b) is a feature of this version (income, age, region, channel).",
    );
    expect(validateBatch([], { columns: { a: [1] } }, opts).fatal[0]!.message).toMatch(/no feature schema/);
  });

  it("names the row and field of each non-numeric value in a numeric column", () => {
    const r = validateBatch(SCHEMA, { columns: { income: [1, "abc", 3, "4"], age: [1, 2, 3, 4] } }, opts);
    expect(r.fatal).toEqual([
      { row: 1, path: "columns.income.1", message: 'Row 1: "abc" is not a number, and "income" is numeric.' },
      { row: 3, path: "columns.income.3", message: 'Row 3: "4" is not a number, and "income" is numeric.' },
    ]);
  });

  it("lists at most FATAL_ISSUES_MAX issues but counts them all", () => {
    const r = validateBatch(SCHEMA, { columns: { income: Array(80).fill("x") } }, opts);
    expect(r.fatal).toHaveLength(FATAL_ISSUES_MAX);
    expect(r.fatalCount).toBe(80);
  });

  it("refuses labels other than 0/1 and scores outside [0, 1] for classification", () => {
    const r = validateBatch(
      SCHEMA,
      { columns: { income: [1, 2, 3] }, prediction: [0.2, 1.7, 0.1], label: [0, 1, 2] },
      opts,
    );
    expect(paths(r)).toEqual(["label.2", "prediction.1"]);
  });

  it("refuses a batch where more than half of the rows carry no feature value", () => {
    const r = validateBatch(SCHEMA, { columns: { income: [1, null, null], age: [null, null, null] } }, opts);
    expect(r.fatal).toHaveLength(1);
    expect(r.fatal[0]).toMatchObject({ row: 1, path: "columns" });
    expect(r.fatal[0]!.message).toMatch(/^2 of 3 rows have no feature value at all \(rows 1, 2\)/);
  });
});
