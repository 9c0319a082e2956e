import { describe, expect, it } from "vitest";
import { buildOwnershipMatrix, type TMatrixModel } from "./ownership-matrix";

const person = (id: string) => ({ id, name: id, active: true });
const model = (slug: string, teamId: string, over: Partial<TMatrixModel> = {}): TMatrixModel => ({
  id: slug,
  slug,
  title: slug,
  criticality: "INTERNAL",
  teamId,
  teamName: teamId === "t1" ? "Credit" : "Analytics",
  stage: "DESIGN",
  inProduction: false,
  dsOwner: person("ds"),
  itOwner: null,
  ...over,
});

describe("buildOwnershipMatrix", () => {
  it("groups by team (by name), production models first, with per-team counts", () => {
    const teams = buildOwnershipMatrix([
      model("b-model", "t1"),
      model("z-live", "t1", { inProduction: true, itOwner: person("it") }),
      model("a-live-no-it", "t1", { inProduction: true }),
      model("churn", "t2", { inProduction: true }),
    ]);
    expect(teams.map((t) => t.teamName)).toEqual(["Analytics", "Credit"]);
    const credit = teams[1]!;
    expect(credit.models.map((m) => m.slug)).toEqual(["a-live-no-it", "z-live", "b-model"]);
    expect([credit.modelCount, credit.inProduction, credit.withoutItOwner, credit.hidden]).toEqual([3, 2, 1, 0]);
    expect([teams[0]!.withoutItOwner, teams[0]!.inProduction]).toEqual([1, 1]);
  });

  it("caps each team and says how many it left out", () => {
    const many = Array.from({ length: 15 }, (_, i) => model(`m-${String(i).padStart(2, "0")}`, "t1"));
    const [team] = buildOwnershipMatrix(many, 12);
    expect(team!.models).toHaveLength(12);
    expect([team!.modelCount, team!.hidden]).toEqual([15, 3]);
    expect(team!.models.at(-1)!.slug).toBe("m-11");
  });

  it("is empty for an empty portfolio", () => {
    expect(buildOwnershipMatrix([])).toEqual([]);
  });
});
