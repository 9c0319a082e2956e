import { describe, expect, it } from "vitest";
import { categoricalDrift, classificationQuality, numericDrift, regressionQuality } from "../drift";
import { analyzeWindow, referenceCategories, toDriftRows } from "./analyze-window";
import type { TColumnBatch, TFeatureSpec } from "./columns";
import { defaultHealthRules } from "./health";

const SCHEMA: TFeatureSpec[] = [
  { name: "x", type: "numeric" },
  { name: "color", type: "categorical" },
  { name: "absent", type: "numeric" },
];
const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

const reference: TColumnBatch = {
  columns: {
    x: seq(300, (i) => i % 100),
    color: seq(300, (i) => ["red", "green", "blue"][i % 3]!),
    absent: seq(300, () => 1),
  },
  prediction: seq(300, (i) => (i % 10) / 10),
  label: seq(300, (i) => i % 2),
};
const window: TColumnBatch = {
  columns: { x: seq(120, (i) => (i % 100) + 40), color: seq(120, (i) => ["red", "green", "blue", "violet"][i % 4]!) },
  prediction: seq(120, (i) => ((i % 10) + 3) / 14),
  label: seq(120, (i) => (i % 3 === 0 ? 1 : 0)),
};

describe("analyzeWindow", () => {
  const a = analyzeWindow({
    schema: SCHEMA,
    reference,
    window,
    problemType: "CLASSIFICATION",
    datasetDriftThreshold: 0.5,
    healthRules: defaultHealthRules("CLASSIFICATION"),
  });

  it("measures every feature present on both sides with the drift engine, in schema order", () => {
    expect(a.features.map((f) => f.feature)).toEqual(["x", "color"]);
    expect(a.features[0]!.result).toEqual(numericDrift(reference.columns.x as number[], window.columns.x as number[]));
    expect(a.features[1]!.result).toEqual(
      categoricalDrift(reference.columns.color as string[], window.columns.color as string[]),
    );
    expect(a.prediction).toEqual(numericDrift(reference.prediction!, window.prediction!));
  });

  it("computes dataset drift with the model's threshold and quality from the labelled rows", () => {
    expect(a.datasetDrift).toMatchObject({
      feature_count: 2,
      evaluated_count: 2,
      drifted_count: 2,
      drifted: true,
      threshold: 0.5,
    });
    expect(a.quality).toEqual(classificationQuality(window.prediction!, window.label as (0 | 1)[], 0.5));
    expect(a.health.health).toBe("CRITICAL");
    expect(a.health.reasons.map((r) => r.metric)).toContain("dataset_drift");
  });

  it("stores PSI as value, the test's p-value, drifted false when undecided, and a __prediction__ row", () => {
    const rows = toDriftRows(a);
    expect(rows.map((r) => r.feature)).toEqual(["x", "color", "__prediction__"]);
    const x = a.features[0]!.result as ReturnType<typeof numericDrift>;
    expect(rows[0]).toEqual({
      feature: "x",
      method: "ks",
      value: x.psi,
      pValue: x.ks_pvalue,
      drifted: true,
      details: x,
    });
    const color = a.features[1]!.result as ReturnType<typeof categoricalDrift>;
    expect(rows[1]).toMatchObject({ method: "chi2", value: color.psi, pValue: color.chi2_pvalue });
    const undecided = analyzeWindow({
      schema: SCHEMA,
      reference,
      window: { columns: { x: [null, null] } },
      problemType: "OTHER",
      datasetDriftThreshold: 0.5,
      healthRules: [],
    });
    expect(toDriftRows(undecided)[0]!.drifted).toBe(false);
    expect(undecided.health.health).toBe("UNKNOWN");
  });

  it("uses regression quality (actual = label) and skips quality without labels or for OTHER", () => {
    const reg = analyzeWindow({
      schema: SCHEMA,
      reference,
      window: { ...window, label: seq(120, (i) => i), prediction: seq(120, (i) => i + 1) },
      problemType: "REGRESSION",
      datasetDriftThreshold: 0.5,
      healthRules: [],
    });
    expect(reg.quality).toEqual(
      regressionQuality(
        seq(120, (i) => i),
        seq(120, (i) => i + 1),
      ),
    );
    expect(
      analyzeWindow({
        schema: SCHEMA,
        reference,
        window: { columns: window.columns, prediction: window.prediction },
        problemType: "CLASSIFICATION",
        datasetDriftThreshold: 0.5,
        healthRules: [],
      }).quality,
    ).toBeNull();
    expect(
      analyzeWindow({
        schema: SCHEMA,
        reference,
        window,
        problemType: "OTHER",
        datasetDriftThreshold: 0.5,
        healthRules: [],
      }).quality,
    ).toBeNull();
  });
});

describe("referenceCategories", () => {
  it("lists the reference's categories for categorical features that declare none", () => {
    const schema: TFeatureSpec[] = [...SCHEMA, { name: "size", type: "categorical", categories: ["s", "m"] }];
    expect(referenceCategories(schema, { columns: { ...reference.columns, size: ["s", "l"] } })).toEqual({
      color: ["red", "green", "blue"],
    });
  });
});
