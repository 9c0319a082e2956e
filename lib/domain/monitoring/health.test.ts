import { describe, expect, it } from "vitest";
import { assessHealth, defaultHealthRules } from "./health";

const rules = defaultHealthRules("CLASSIFICATION");

describe("assessHealth", () => {
  it("is UNKNOWN without data and HEALTHY when every metric is within bounds", () => {
    expect(assessHealth({}, rules)).toEqual({ health: "UNKNOWN", reasons: [] });
    expect(assessHealth({ auc: 0.86, error_rate: 0.001 }, rules).health).toBe("HEALTHY");
  });

  it("takes the worst level and explains each breach", () => {
    const r = assessHealth({ auc: 0.74, error_rate: 0.03, latency_p95_ms: 120 }, rules);
    expect(r.health).toBe("CRITICAL");
    expect(r.reasons.map((x) => [x.metric, x.level])).toEqual([
      ["auc", "CRITICAL"],
      ["error_rate", "WARNING"],
    ]);
    expect(r.reasons[0]!.message).toBe("auc 0.740 is below 0.750");
  });

  it("treats the bound itself as within limits", () => {
    expect(assessHealth({ auc: 0.8 }, rules).health).toBe("HEALTHY");
    expect(assessHealth({ error_rate: 0.05 }, rules).health).toBe("WARNING");
  });

  it("ignores non-finite values", () => {
    expect(assessHealth({ auc: Number.NaN }, rules).health).toBe("UNKNOWN");
  });
});
