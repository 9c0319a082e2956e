import { describe, expect, it } from "vitest";
import { allowedModelActions, canWriteModel } from "./model-access";
import type { TActor } from "./permissions";

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

describe("allowedModelActions", () => {
  const user = (userId: string, roles: TActor["roles"], teamId: string | null): TActor => ({
    kind: "user",
    userId,
    email: `${userId}@x`,
    name: userId,
    roles,
    teamId,
  });
  const none = { register: false, edit: false, archive: false };
  const all = { register: true, edit: true, archive: true };
  it("offers every action to the team's data scientists and to admins", () => {
    expect(allowedModelActions(user("x", ["DATA_SCIENTIST"], "t1"), model)).toEqual(all);
    expect(allowedModelActions(user("z", ["ADMIN"], null), model)).toEqual(all);
  });
  it("offers nothing to a manager of the team or to IT operations, who have access but not the permissions", () => {
    expect(allowedModelActions(user("m", ["MANAGER"], "t1"), model)).toEqual(none);
    expect(allowedModelActions(user("it", ["IT_OPS"], "t9"), model)).toEqual(none);
  });
  it("offers nothing to another team's data scientist, and follows a token's scopes", () => {
    expect(allowedModelActions(user("x", ["DATA_SCIENTIST"], "t2"), model)).toEqual(none);
    expect(
      allowedModelActions({ ...user("x", ["DATA_SCIENTIST"], "t1"), kind: "token", tokenScopes: ["read"] }, model),
    ).toEqual(none);
  });
});
