import { describe, expect, it } from "vitest";
import { furthestStage, summarizePortfolio, type TPortfolioModel } from "./summarize-portfolio";

const model = (over: Partial<TPortfolioModel>): TPortfolioModel => ({
  id: "m",
  slug: "m",
  title: "M",
  criticality: "INTERNAL",
  health: "UNKNOWN",
  itOwnerId: null,
  versionStages: [],
  ...over,
});

describe("furthestStage", () => {
  it("picks the most advanced non-archived stage", () => {
    expect(furthestStage(["ARCHIVED", "MONITORING", "DESIGN"])).toBe("MONITORING");
    expect(furthestStage(["DESIGN", "UAT"])).toBe("UAT");
  });
  it("is ARCHIVED when every version is archived and null without versions", () => {
    expect(furthestStage(["ARCHIVED", "ARCHIVED"])).toBe("ARCHIVED");
    expect(furthestStage([])).toBeNull();
  });
});

describe("summarizePortfolio", () => {
  it("counts versions and models by stage and health by criticality, zeros included", () => {
    const s = summarizePortfolio([
      model({
        id: "a",
        criticality: "MISSION_CRITICAL",
        health: "CRITICAL",
        itOwnerId: "it",
        versionStages: ["ARCHIVED", "MONITORING", "UAT"],
      }),
      model({ id: "b", health: "HEALTHY", versionStages: ["MONITORING"] }),
      model({ id: "c", versionStages: ["DESIGN", "DESIGN"] }),
      model({ id: "d", versionStages: [] }),
    ]);
    expect(s.modelCount).toBe(4);
    expect(s.versionCount).toBe(6);
    expect(Object.fromEntries(s.versionsByStage.map((x) => [x.stage, x.count]))).toEqual({
      DESIGN: 2,
      INDUSTRIALIZATION: 0,
      UAT: 1,
      DEPLOYMENT: 0,
      MONITORING: 2,
      ARCHIVED: 1,
    });
    expect(Object.fromEntries(s.modelsByStage.map((x) => [x.stage, x.count]))).toEqual({
      DESIGN: 1,
      INDUSTRIALIZATION: 0,
      UAT: 0,
      DEPLOYMENT: 0,
      MONITORING: 2,
      ARCHIVED: 0,
    });
    expect(s.healthByCriticality).toEqual([
      { health: "CRITICAL", MISSION_CRITICAL: 1, INTERNAL: 0 },
      { health: "WARNING", MISSION_CRITICAL: 0, INTERNAL: 0 },
      { health: "HEALTHY", MISSION_CRITICAL: 0, INTERNAL: 1 },
      { health: "UNKNOWN", MISSION_CRITICAL: 0, INTERNAL: 2 },
    ]);
    expect(s.liveModels).toBe(2);
    expect(s.liveWithoutItOwner).toBe(1);
  });

  it("handles an empty portfolio", () => {
    const s = summarizePortfolio([]);
    expect(s.modelCount).toBe(0);
    expect(s.versionsByStage.every((x) => x.count === 0)).toBe(true);
  });
});
