import { describe, expect, it } from "vitest";
import { canWriteModel } from "./model-access";

const model = { teamId: "t1", dsOwnerId: "ds", itOwnerId: "it" };

describe("canWriteModel", () => {
  it("allows the model's team, its owners, IT operations and admins", () => {
    expect(canWriteModel({ userId: "x", roles: ["DATA_SCIENTIST"], teamId: "t1" }, model)).toBe(true);
    expect(canWriteModel({ userId: "ds", roles: ["DATA_SCIENTIST"], teamId: "t9" }, model)).toBe(true);
    expect(canWriteModel({ userId: "it", roles: ["MANAGER"], teamId: null }, model)).toBe(true);
    expect(canWriteModel({ userId: "y", roles: ["IT_OPS"], teamId: "t9" }, model)).toBe(true);
    expect(canWriteModel({ userId: "z", roles: ["ADMIN"], teamId: null }, model)).toBe(true);
  });
  it("refuses another team's data scientist and people without a team", () => {
    expect(canWriteModel({ userId: "x", roles: ["DATA_SCIENTIST"], teamId: "t2" }, model)).toBe(false);
    expect(canWriteModel({ userId: "x", roles: ["DATA_SCIENTIST"], teamId: null }, model)).toBe(false);
    expect(canWriteModel({ userId: "x", roles: ["MANAGER"], teamId: "t2" }, model)).toBe(false);
  });
});
