import { describe, expect, it } from "vitest";
import { describePolicy, joinWords } from "./describe-policy";
import { defaultGateRequirements, EMPTY_GATE_REQUIREMENTS, type TGateRequirements } from "./policy";

const texts = (r: TGateRequirements) => describePolicy(r).map((l) => l.text);

const EMPTY = EMPTY_GATE_REQUIREMENTS;

describe("joinWords", () => {
  it.each([
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "a and b"],
    [["a", "b", "c"], "a, b and c"],
  ])("%j → %s", (items, out) => expect(joinWords(items)).toBe(out));
});

describe("describePolicy", () => {
  it("says nothing for a policy that requires nothing (and separation of duties alone is not a requirement)", () => {
    expect(describePolicy(EMPTY)).toEqual([]);
  });

  it("renders every default policy of DESIGN.md 2.3 in plain words", () => {
    expect(texts(defaultGateRequirements("INDUSTRIALIZATION", "INTERNAL")!)).toEqual([
      "Requested by the model's data-science owner (or an administrator)",
      "Metadata present: artifact URI, framework, git commit, training dataset and feature schema",
    ]);
    expect(texts(defaultGateRequirements("INDUSTRIALIZATION", "MISSION_CRITICAL")!).slice(2)).toEqual([
      "Approvals: 1 data-science peer approval",
      "Separation of duties: the version's creator and the requester cannot approve",
    ]);
    expect(texts(defaultGateRequirements("UAT", "MISSION_CRITICAL")!)).toEqual([
      "Metrics: auc ≥ 0.8 (classification) and r2 ≥ 0.6 (regression)",
      "Checks passed: unit-tests, data-validation and bias-review",
      "Reference dataset registered",
      "No regression vs the production champion beyond 0.005 on auc, r2 and rmse; lower is better for rmse",
    ]);
    expect(texts(defaultGateRequirements("DEPLOYMENT", "MISSION_CRITICAL")!)[0]).toBe(
      "Approvals: 1 IT operations approval and 1 manager approval",
    );
    expect(texts(defaultGateRequirements("MONITORING", "INTERNAL")!)).toEqual([
      "Active production deployment",
      "At least one alert rule configured",
    ]);
    expect(texts(defaultGateRequirements("MONITORING", "MISSION_CRITICAL")!)).toContain(
      "Ownership handoff to IT accepted",
    );
  });

  it("counts, pluralises and warns when separation of duties is off", () => {
    const r: TGateRequirements = {
      ...EMPTY,
      separationOfDuties: false,
      approvals: [
        { role: "IT_OPS", count: 2 },
        { role: "ADMIN", count: 1 },
      ],
    };
    expect(texts(r)).toEqual([
      "Approvals: 2 IT operations approvals and 1 administrator approval",
      "No separation of duties: the creator or the requester may approve",
    ]);
  });

  it("keeps the operator, the value and the scope of each threshold, and omits an empty lower-is-better list", () => {
    const r: TGateRequirements = {
      ...EMPTY,
      metricThresholds: [
        { metric: "rmse", op: "<", value: 0.25 },
        { metric: "f1", op: ">", value: 0.7, problemType: "CLASSIFICATION" },
      ],
      champion: { metrics: ["f1"], tolerance: 0, lowerIsBetter: [] },
    };
    expect(texts(r)).toEqual([
      "Metrics: rmse < 0.25 and f1 > 0.7 (classification)",
      "No regression vs the production champion beyond 0 on f1",
    ]);
    expect(describePolicy(r).map((l) => l.kind)).toEqual(["evidence", "evidence"]);
  });
});

describe("describePolicy: feature importance (issue 19)", () => {
  it("describes both requirements in plain words", () => {
    const r = { ...EMPTY_GATE_REQUIREMENTS, requireFeatureImportance: true, approvedTopFeatures: { topN: 3 } };
    expect(describePolicy(r).map((l) => l.text)).toEqual([
      "Feature importance provided",
      "Only features on the model's approved list among the 3 most important features",
    ]);
    expect(describePolicy({ ...EMPTY_GATE_REQUIREMENTS, approvedTopFeatures: { topN: 1 } }).map((l) => l.text)).toEqual(
      ["Only features on the model's approved list among the most important feature"],
    );
  });
});
