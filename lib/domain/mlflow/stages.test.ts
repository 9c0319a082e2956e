import { describe, expect, it } from "vitest";
import { STAGES } from "../lifecycle/stages";
import { MlflowInputError } from "./input-error";
import { canonicalStage, MLFLOW_STAGE_OF, planStageTransition } from "./stages";

describe("stages", () => {
  it("canonicalises case-insensitively", () => {
    expect(canonicalStage("production")).toBe("Production");
    expect(canonicalStage("STAGING")).toBe("Staging");
    expect(canonicalStage("none")).toBe("None");
    expect(canonicalStage(" archived ")).toBe("Archived");
    expect(() => canonicalStage("prod")).toThrow(MlflowInputError);
    expect(() => canonicalStage("prod")).toThrow(
      "Invalid Model Version stage: prod. Value must be one of None, Staging, Production, Archived.",
    );
  });

  it("maps every Modelgate stage, and only MONITORING to Production", () => {
    expect(STAGES.map((s) => MLFLOW_STAGE_OF[s])).toEqual([
      "None",
      "None",
      "Staging",
      "Staging",
      "Production",
      "Archived",
    ]);
  });

  it("plans forward moves through every gate", () => {
    expect(planStageTransition("DESIGN", "Staging")).toEqual({ kind: "promote", steps: ["INDUSTRIALIZATION", "UAT"] });
    expect(planStageTransition("UAT", "Production")).toEqual({ kind: "promote", steps: ["DEPLOYMENT", "MONITORING"] });
    expect(planStageTransition("DEPLOYMENT", "Production")).toEqual({ kind: "promote", steps: ["MONITORING"] });
    expect(planStageTransition("INDUSTRIALIZATION", "Production")).toEqual({
      kind: "promote",
      steps: ["UAT", "DEPLOYMENT", "MONITORING"],
    });
  });

  it("plans no-ops, archiving and refusals", () => {
    expect(planStageTransition("INDUSTRIALIZATION", "None")).toEqual({ kind: "noop" });
    expect(planStageTransition("DEPLOYMENT", "Staging")).toEqual({ kind: "noop" });
    expect(planStageTransition("MONITORING", "Production")).toEqual({ kind: "noop" });
    expect(planStageTransition("ARCHIVED", "Archived")).toEqual({ kind: "noop" });
    for (const s of ["DESIGN", "UAT", "MONITORING"] as const)
      expect(planStageTransition(s, "Archived")).toEqual({ kind: "archive" });
    expect(planStageTransition("MONITORING", "Staging")).toMatchObject({
      kind: "refuse",
      reason: expect.stringContaining("only moves forward"),
    });
    expect(planStageTransition("UAT", "None")).toMatchObject({ kind: "refuse" });
    expect(planStageTransition("ARCHIVED", "Production")).toMatchObject({
      kind: "refuse",
      reason: expect.stringContaining("archived"),
    });
  });
});
