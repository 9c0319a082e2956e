import { describe, expect, it } from "vitest";
import { defaultGateRequirements } from "@/lib/domain/gates/policy";
import { CRITICALITIES, GATED_STAGES } from "@/lib/domain/gates/policy-rules";
import { ZGateRequirements, ZGatePolicyParams, ZUpdateGatePolicyRequest } from "./gate-policies";

describe("ZGateRequirements", () => {
  it("accepts every seeded default unchanged (the list endpoint parses stored rows strictly)", () => {
    for (const s of GATED_STAGES)
      for (const c of CRITICALITIES)
        expect(ZGateRequirements.parse(defaultGateRequirements(s, c))).toEqual(defaultGateRequirements(s, c));
  });

  it("keeps a threshold's problemType optional and refuses non-finite values", () => {
    const base = defaultGateRequirements("UAT", "INTERNAL")!;
    expect(
      ZGateRequirements.safeParse({ ...base, metricThresholds: [{ metric: "rmse", op: "<", value: 0.3 }] }).success,
    ).toBe(true);
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const r = ZGateRequirements.safeParse({ ...base, metricThresholds: [{ metric: "rmse", op: "<", value }] });
      expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["metricThresholds.0.value", "Enter a number."],
      ]);
    }
  });

  it("allows no champion comparison (null) but not an empty one", () => {
    const base = defaultGateRequirements("UAT", "INTERNAL")!;
    expect(ZGateRequirements.safeParse({ ...base, champion: null }).success).toBe(true);
    expect(
      ZGateRequirements.safeParse({
        ...base,
        champion: { metrics: ["auc", "auc"], tolerance: 0, lowerIsBetter: [] },
      }).error?.issues.map((i) => i.path.join(".")),
    ).toEqual(["champion.metrics.1"]);
  });
});

describe("ZGateRequirements: feature importance (issue 19)", () => {
  const base = defaultGateRequirements("UAT", "MISSION_CRITICAL")!;
  it("defaults both requirements to off for clients that do not send them", () => {
    const { requireFeatureImportance: _a, approvedTopFeatures: _b, ...older } = base;
    expect(ZGateRequirements.parse(older)).toEqual({
      ...base,
      requireFeatureImportance: false,
      approvedTopFeatures: null,
    });
  });
  it("takes a whole topN in [1, 20]", () => {
    expect(
      ZGateRequirements.parse({ ...base, requireFeatureImportance: true, approvedTopFeatures: { topN: 3 } })
        .approvedTopFeatures,
    ).toEqual({ topN: 3 });
    for (const [topN, message] of [
      [0, "Check at least the most important feature."],
      [21, "At most the top 20 features."],
      [2.5, "Enter a whole number of features."],
    ] as const) {
      expect(
        ZGateRequirements.safeParse({ ...base, approvedTopFeatures: { topN } }).error?.issues.map((i) => [
          i.path.join("."),
          i.message,
        ]),
      ).toEqual([["approvedTopFeatures.topN", message]]);
    }
    expect(ZGateRequirements.safeParse({ ...base, approvedTopFeatures: { topN: 3, list: [] } }).success).toBe(false);
  });
});

describe("ZUpdateGatePolicyRequest and ZGatePolicyParams", () => {
  it("trims the note and requires it", () => {
    const requirements = defaultGateRequirements("DEPLOYMENT", "INTERNAL")!;
    expect(ZUpdateGatePolicyRequest.parse({ requirements, note: "  why  " }).note).toBe("why");
    expect(ZUpdateGatePolicyRequest.safeParse({ requirements, note: "   " }).error?.issues[0]?.message).toBe(
      "Say why the policy changes.",
    );
  });

  it("names only gated stages and the two criticalities", () => {
    expect(ZGatePolicyParams.safeParse({ stage: "MONITORING", criticality: "MISSION_CRITICAL" }).success).toBe(true);
    expect(ZGatePolicyParams.safeParse({ stage: "DESIGN", criticality: "INTERNAL" }).error?.issues[0]?.message).toBe(
      "Gates exist for INDUSTRIALIZATION, UAT, DEPLOYMENT and MONITORING.",
    );
  });
});
