import { describe, expect, it } from "vitest";
import { approvedTopFeaturesRequirement, featureImportanceRequirement } from "./importance-gate";

const importance = { method: "shap_mean_abs" as const, values: { income: 0.5, zip_code: 0.3, region: 0.1, age: 0.1 } };

describe("feature importance provided", () => {
  it("passes with importances and shows the top features", () => {
    expect(featureImportanceRequirement({ importance, approvedFeatures: [] })).toEqual({
      key: "feature-importance",
      label: "Feature importance provided",
      met: true,
      detail: "mean |SHAP| importances for 4 features; top: income 50%, zip_code 30%, age 10%.",
    });
  });
  it("fails without, saying how to send them", () => {
    const r = featureImportanceRequirement({ importance: null, approvedFeatures: [] });
    expect(r.met).toBe(false);
    expect(r.detail).toContain("POST /api/v1/versions/{id}/importance");
  });
});

describe("no feature outside the approved list in the top N", () => {
  it("passes when the top N are all approved", () => {
    const r = approvedTopFeaturesRequirement({ importance, approvedFeatures: ["income", "zip_code", "region"] }, 2);
    expect(r).toMatchObject({
      key: "approved-top-features",
      label: "Only approved features in the top 2",
      met: true,
      detail: "Top 2: income, zip_code — all approved.",
    });
  });
  it("fails naming each unapproved feature with its rank and share", () => {
    const r = approvedTopFeaturesRequirement({ importance, approvedFeatures: ["income", "region"] }, 3);
    expect(r.met).toBe(false);
    // age and region tie at 0.1: age ranks 3rd by name, so it is judged too.
    expect(r.detail).toBe("Not on the approved list: zip_code (2nd, 30%), age (3rd, 10%).");
  });
  it("fails closed without importances or without an approved list", () => {
    expect(approvedTopFeaturesRequirement({ importance: null, approvedFeatures: ["income"] }, 3)).toMatchObject({
      met: false,
      detail: "No feature importance to check the top 3 against.",
    });
    expect(approvedTopFeaturesRequirement({ importance, approvedFeatures: [] }, 3).met).toBe(false);
  });
  it("a top N larger than the feature count checks every feature", () => {
    expect(
      approvedTopFeaturesRequirement({ importance, approvedFeatures: ["income", "zip_code", "region", "age"] }, 10),
    ).toMatchObject({ met: true, detail: "Top 4: income, zip_code, age, region — all approved." });
  });
});
