import { describe, expect, it } from "vitest";
import { latestVersionsPerStage, liveVersionNumber } from "./latest-versions";

const v = (
  number: number,
  stage: "DESIGN" | "INDUSTRIALIZATION" | "UAT" | "DEPLOYMENT" | "MONITORING" | "ARCHIVED",
) => ({ number, stage });

describe("latestVersionsPerStage", () => {
  it("keeps the newest version per MLflow stage, stages in order of first appearance (as MLflow's dict)", () => {
    expect(latestVersionsPerStage([v(2, "DESIGN"), v(1, "MONITORING")]).map((x) => x.number)).toEqual([1, 2]);
    expect(
      latestVersionsPerStage([v(1, "DESIGN"), v(2, "MONITORING"), v(3, "INDUSTRIALIZATION")]).map((x) => x.number),
    ).toEqual([3, 2]);
    expect(
      latestVersionsPerStage([
        v(1, "ARCHIVED"),
        v(2, "ARCHIVED"),
        v(3, "MONITORING"),
        v(4, "UAT"),
        v(5, "DESIGN"),
        v(6, "DEPLOYMENT"),
      ]).map((x) => x.number),
    ).toEqual([2, 3, 6, 5]);
    expect(latestVersionsPerStage([])).toEqual([]);
  });

  it("finds the live version", () => {
    expect(liveVersionNumber([v(1, "MONITORING"), v(3, "MONITORING"), v(2, "UAT")])).toBe(3);
    expect(liveVersionNumber([v(1, "UAT")])).toBeNull();
  });
});
