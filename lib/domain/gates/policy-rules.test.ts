import { describe, expect, it } from "vitest";
import { defaultGateRequirements } from "./policy";
import { checkPolicyForStage, CRITICALITIES, GATED_STAGES } from "./policy-rules";

describe("GATED_STAGES", () => {
  it("are the four stages a promotion can target, each with a default policy per criticality", () => {
    expect(GATED_STAGES).toEqual(["INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"]);
    for (const s of GATED_STAGES) for (const c of CRITICALITIES) expect(defaultGateRequirements(s, c)).not.toBeNull();
  });
});

describe("checkPolicyForStage", () => {
  it("accepts every default policy", () => {
    for (const s of GATED_STAGES)
      for (const c of CRITICALITIES) expect(checkPolicyForStage(s, defaultGateRequirements(s, c)!)).toEqual([]);
  });

  it("lets only the gate to MONITORING wait for an active production deployment", () => {
    const monitoring = defaultGateRequirements("MONITORING", "INTERNAL")!;
    for (const s of ["INDUSTRIALIZATION", "UAT", "DEPLOYMENT"] as const) {
      const issues = checkPolicyForStage(s, {
        ...defaultGateRequirements(s, "INTERNAL")!,
        requireActiveDeployment: true,
      });
      expect(issues.map((i) => i.path)).toEqual(["requireActiveDeployment"]);
    }
    expect(checkPolicyForStage("MONITORING", monitoring)).toEqual([]);
  });

  it("allows alert rules and an accepted handoff before MONITORING (an earlier handoff is a stricter, valid choice)", () => {
    const r = {
      ...defaultGateRequirements("DEPLOYMENT", "MISSION_CRITICAL")!,
      requireAlertRules: true,
      requireHandoffAccepted: true,
    };
    expect(checkPolicyForStage("DEPLOYMENT", r)).toEqual([]);
  });
});
