import { describe, expect, it } from "vitest";
import { evaluateGate, type TGateInput } from "./evaluate-gate";
import { defaultGateRequirements, type TCriticality } from "./policy";
import { MODEL_CARD_SECTIONS, modelCardTemplate } from "../model-cards/model-card";

type Over = Partial<Omit<TGateInput, "version" | "model">> & {
  version?: Partial<TGateInput["version"]>;
  model?: Partial<TGateInput["model"]>;
};

function input(
  stage: "INDUSTRIALIZATION" | "UAT" | "DEPLOYMENT" | "MONITORING",
  crit: TCriticality,
  over: Over = {},
): TGateInput {
  const base: TGateInput = {
    requirements: defaultGateRequirements(stage, crit)!,
    model: { criticality: crit, problemType: "CLASSIFICATION", dsOwnerId: "owner" },
    version: {
      createdById: "owner",
      artifactUri: "s3://a",
      framework: "xgboost",
      gitCommit: "abc1234",
      trainingDataset: "s3://d",
      featureCount: 3,
      metrics: { auc: 0.85 },
    },
    requesterId: "owner",
    requesterRoles: ["DATA_SCIENTIST"],
    approvals: [],
    checks: { "unit-tests": "PASS", "data-validation": "PASS", "bias-review": "PASS" },
    hasReferenceDataset: true,
    champion: null,
    hasActiveProductionDeployment: true,
    alertRuleCount: 2,
    handoffToItAccepted: true,
  };
  return { ...base, ...over, version: { ...base.version, ...over.version }, model: { ...base.model, ...over.model } };
}

const approval = (
  id: string,
  roles: TGateInput["approvals"][number]["approverRoles"],
  extra: Partial<TGateInput["approvals"][number]> = {},
) => ({
  approverId: id,
  approverName: id,
  approverActive: true,
  approverRoles: roles,
  decision: "APPROVE" as const,
  ...extra,
});

const unmet = (i: TGateInput) =>
  evaluateGate(i)
    .requirements.filter((r) => !r.met)
    .map((r) => r.key);

describe("default gate: INDUSTRIALIZATION", () => {
  it("INTERNAL opens on the owner's request with the required metadata", () => {
    expect(evaluateGate(input("INDUSTRIALIZATION", "INTERNAL")).open).toBe(true);
  });
  it("INTERNAL stays closed when someone else requests or metadata is missing", () => {
    expect(unmet(input("INDUSTRIALIZATION", "INTERNAL", { requesterId: "peer" }))).toEqual(["owner-request"]);
    expect(unmet(input("INDUSTRIALIZATION", "INTERNAL", { version: { gitCommit: " ", featureCount: 0 } }))).toEqual([
      "metadata:gitCommit",
      "metadata:featureSchema",
    ]);
  });
  it("an administrator may request on the owner's behalf", () => {
    expect(
      evaluateGate(input("INDUSTRIALIZATION", "INTERNAL", { requesterId: "adm", requesterRoles: ["ADMIN"] })).open,
    ).toBe(true);
  });
  it("MISSION_CRITICAL also needs one data-science peer approval", () => {
    expect(unmet(input("INDUSTRIALIZATION", "MISSION_CRITICAL"))).toEqual(["approval:DATA_SCIENTIST"]);
    expect(
      evaluateGate(
        input("INDUSTRIALIZATION", "MISSION_CRITICAL", { approvals: [approval("peer", ["DATA_SCIENTIST"])] }),
      ).open,
    ).toBe(true);
  });
});

describe("default gate: UAT", () => {
  it("INTERNAL opens with metrics above threshold, checks passed, reference registered, no champion", () => {
    expect(evaluateGate(input("UAT", "INTERNAL", { version: { metrics: { auc: 0.76 } } })).open).toBe(true);
  });
  it("MISSION_CRITICAL is stricter: auc 0.76 is not enough, and bias-review is required", () => {
    expect(unmet(input("UAT", "MISSION_CRITICAL", { version: { metrics: { auc: 0.76 } } }))).toEqual(["metric:auc"]);
    expect(
      unmet(input("UAT", "MISSION_CRITICAL", { checks: { "unit-tests": "PASS", "data-validation": "PASS" } })),
    ).toEqual(["check:bias-review"]);
    expect(unmet(input("UAT", "INTERNAL", { checks: { "unit-tests": "PASS", "data-validation": "PASS" } }))).toEqual(
      [],
    );
  });
  it("fails on a missing metric, a failed check, no reference dataset", () => {
    const r = evaluateGate(
      input("UAT", "INTERNAL", {
        version: { metrics: {} },
        checks: { "unit-tests": "FAIL" },
        hasReferenceDataset: false,
      }),
    );
    expect(r.open).toBe(false);
    expect(r.requirements.filter((x) => !x.met).map((x) => x.key)).toEqual([
      "metric:auc",
      "check:unit-tests",
      "check:data-validation",
      "reference-dataset",
    ]);
    expect(r.requirements.find((x) => x.key === "check:data-validation")!.detail).toBe("Not reported yet.");
  });
  it("applies regression thresholds to regression models only", () => {
    const reg = input("UAT", "INTERNAL", { model: { problemType: "REGRESSION" }, version: { metrics: { r2: 0.4 } } });
    expect(unmet(reg)).toEqual(["metric:r2"]);
    expect(evaluateGate({ ...reg, version: { ...reg.version, metrics: { r2: 0.55 } } }).open).toBe(true);
  });
  it("compares with the champion within the criticality's tolerance (higher and lower is better)", () => {
    const champion = { versionNumber: 3, metrics: { auc: 0.86, rmse: 10 } };
    expect(evaluateGate(input("UAT", "INTERNAL", { champion, version: { metrics: { auc: 0.845 } } })).open).toBe(true); // -0.015 within 0.02
    expect(unmet(input("UAT", "MISSION_CRITICAL", { champion, version: { metrics: { auc: 0.845 } } }))).toEqual([
      "champion",
    ]); // beyond 0.005
    const ok = evaluateGate(input("UAT", "MISSION_CRITICAL", { champion, version: { metrics: { auc: 0.857 } } }));
    expect(ok.open).toBe(true);
    expect(ok.requirements.find((x) => x.key === "champion")!.detail).toContain("auc 0.857 vs 0.86");
    const reg = input("UAT", "INTERNAL", {
      model: { problemType: "REGRESSION" },
      champion,
      version: { metrics: { r2: 0.7, rmse: 10.5 } },
    });
    expect(unmet(reg)).toEqual(["champion"]); // rmse worse by 0.5 > 0.02
  });
});

describe("default gate: DEPLOYMENT", () => {
  it("INTERNAL needs one IT approval by someone other than the creator or requester", () => {
    expect(unmet(input("DEPLOYMENT", "INTERNAL"))).toEqual(["approval:IT_OPS"]);
    expect(evaluateGate(input("DEPLOYMENT", "INTERNAL", { approvals: [approval("it1", ["IT_OPS"])] })).open).toBe(true);
  });
  it("MISSION_CRITICAL needs IT and a manager; one person holding both roles counts once", () => {
    expect(unmet(input("DEPLOYMENT", "MISSION_CRITICAL", { approvals: [approval("it1", ["IT_OPS"])] }))).toEqual([
      "approval:MANAGER",
    ]);
    expect(
      unmet(input("DEPLOYMENT", "MISSION_CRITICAL", { approvals: [approval("both", ["IT_OPS", "MANAGER"])] })),
    ).toHaveLength(1);
    const r = evaluateGate(
      input("DEPLOYMENT", "MISSION_CRITICAL", {
        approvals: [approval("both", ["IT_OPS", "MANAGER"]), approval("it1", ["IT_OPS"])],
      }),
    );
    expect(r.open).toBe(true); // matching puts "both" on the MANAGER slot whatever the vote order
    expect(r.countedApprovers).toEqual([
      { approverId: "it1", role: "IT_OPS" },
      { approverId: "both", role: "MANAGER" },
    ]);
  });
  it("separation of duties: the creator and the requester never count, even with the right role", () => {
    const creatorIt = input("DEPLOYMENT", "INTERNAL", {
      version: { createdById: "it-creator" },
      approvals: [approval("it-creator", ["IT_OPS"])],
    });
    expect(evaluateGate(creatorIt).open).toBe(false);
    const requesterIt = input("DEPLOYMENT", "INTERNAL", {
      requesterId: "it-req",
      approvals: [approval("it-req", ["IT_OPS"])],
    });
    expect(evaluateGate(requesterIt).open).toBe(false);
  });
  it("a deactivated approver's vote, a rejection or a duplicate vote does not count", () => {
    expect(
      evaluateGate(
        input("DEPLOYMENT", "INTERNAL", { approvals: [approval("it1", ["IT_OPS"], { approverActive: false })] }),
      ).open,
    ).toBe(false);
    expect(
      evaluateGate(
        input("DEPLOYMENT", "INTERNAL", { approvals: [approval("it1", ["IT_OPS"], { decision: "REJECT" })] }),
      ).open,
    ).toBe(false);
    const dup = evaluateGate(
      input("DEPLOYMENT", "MISSION_CRITICAL", {
        approvals: [approval("x", ["IT_OPS", "MANAGER"]), approval("x", ["IT_OPS", "MANAGER"])],
      }),
    );
    expect(dup.open).toBe(false);
    expect(dup.countedApprovers).toHaveLength(1);
  });
});

describe("default gate: MONITORING", () => {
  it("INTERNAL needs an active production deployment and alert rules", () => {
    expect(evaluateGate(input("MONITORING", "INTERNAL", { handoffToItAccepted: false })).open).toBe(true);
    expect(unmet(input("MONITORING", "INTERNAL", { hasActiveProductionDeployment: false, alertRuleCount: 0 }))).toEqual(
      ["active-deployment", "alert-rules"],
    );
  });
  it("MISSION_CRITICAL also needs the handoff to IT accepted", () => {
    expect(unmet(input("MONITORING", "MISSION_CRITICAL", { handoffToItAccepted: false }))).toEqual(["handoff"]);
    expect(evaluateGate(input("MONITORING", "MISSION_CRITICAL")).open).toBe(true);
  });
});

describe("feature importance requirements (issue 19)", () => {
  const withImportance = (over: Over = {}) => {
    const base = input("UAT", "MISSION_CRITICAL", over);
    return {
      ...base,
      requirements: { ...base.requirements, requireFeatureImportance: true, approvedTopFeatures: { topN: 2 } },
    };
  };
  const imp = { method: "gain" as const, values: { income: 3, age: 2, region: 1 } };
  it("both fail when the version has no importances (absent facts count as none)", () => {
    expect(unmet(withImportance())).toEqual(["feature-importance", "approved-top-features"]);
    expect(unmet({ ...withImportance(), importance: null, approvedFeatures: ["income"] })).toEqual([
      "feature-importance",
      "approved-top-features",
    ]);
  });
  it("open when importances are given and the top 2 are approved", () => {
    expect(evaluateGate({ ...withImportance(), importance: imp, approvedFeatures: ["income", "age"] }).open).toBe(true);
  });
  it("closed when a top-2 feature is not approved, and says which", () => {
    const r = evaluateGate({ ...withImportance(), importance: imp, approvedFeatures: ["income", "region"] });
    expect(r.open).toBe(false);
    expect(r.requirements.find((x) => x.key === "approved-top-features")!.detail).toBe(
      "Not on the approved list: age (2nd, 33%).",
    );
  });
  it("the DESIGN.md defaults require neither; the issue-19 revision requires importance for mission-critical UAT only", async () => {
    const { revisedGateRequirements, defaultGateRequirements } = await import("./policy");
    expect(defaultGateRequirements("UAT", "MISSION_CRITICAL")!.requireFeatureImportance).toBe(false);
    expect(revisedGateRequirements("UAT", "MISSION_CRITICAL")!.requirements).toEqual({
      ...defaultGateRequirements("UAT", "MISSION_CRITICAL")!,
      requireFeatureImportance: true,
      requireModelCard: true,
    });
    expect(revisedGateRequirements("UAT", "INTERNAL")).toBeNull();
    expect(revisedGateRequirements("DEPLOYMENT", "MISSION_CRITICAL")).toBeNull();
    const revised = {
      ...input("UAT", "MISSION_CRITICAL"),
      requirements: revisedGateRequirements("UAT", "MISSION_CRITICAL")!.requirements,
    };
    expect(unmet(revised)).toEqual(["feature-importance", "model-card"]);
    expect(evaluateGate({ ...revised, importance: imp, modelCard: COMPLETE_CARD }).open).toBe(true);
  });
});

const COMPLETE_CARD = MODEL_CARD_SECTIONS.map((s) => `## ${s.title}\n\nWritten.\n`).join("\n");

describe("model card requirement (issue 17)", () => {
  const withCard = (over: Over = {}) => {
    const base = input("UAT", "INTERNAL", over);
    return { ...base, requirements: { ...base.requirements, requireModelCard: true } };
  };
  it("is not checked unless the policy asks", () => {
    expect(evaluateGate(input("UAT", "INTERNAL")).requirements.some((r) => r.key === "model-card")).toBe(false);
  });
  it("fails without a card or with the untouched template, naming the empty sections; opens with every section written", () => {
    expect(unmet(withCard())).toEqual(["model-card"]);
    const template = evaluateGate({ ...withCard(), modelCard: modelCardTemplate({ title: "M", slug: "m" }) });
    expect(template.open).toBe(false);
    expect(template.requirements.find((r) => r.key === "model-card")!.detail).toContain("empty Intended use, Factors");
    expect(evaluateGate({ ...withCard(), modelCard: COMPLETE_CARD }).open).toBe(true);
  });
});
