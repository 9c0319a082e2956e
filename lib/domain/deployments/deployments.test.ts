import { describe, expect, it } from "vitest";
import { canOperateModel, canRollback } from "../rbac/operate-access";
import { checkDeployable } from "./deployments";
import type { TActor, TRole } from "../rbac/permissions";

const prod = { name: "production", isProduction: true };
const staging = { name: "staging", isProduction: false };

describe("checkDeployable", () => {
  it.each([
    ["DEPLOYMENT", "READY", prod, true],
    ["MONITORING", "READY", prod, true],
    ["UAT", "READY", prod, false],
    ["DESIGN", "READY", prod, false],
    ["ARCHIVED", "READY", prod, false],
    ["MONITORING", "ROLLED_BACK", prod, false],
    ["UAT", "READY", staging, true],
    ["DESIGN", "IN_REVIEW", staging, true],
    ["ARCHIVED", "READY", staging, false],
  ] as const)("%s/%s to %s: %s", (stage, status, env, ok) => {
    expect(checkDeployable({ number: 2, stage, status }, env).ok).toBe(ok);
  });

  it("points to the rollback action for archived versions in production", () => {
    expect(checkDeployable({ number: 2, stage: "ARCHIVED", status: "READY" }, prod)).toMatchObject({
      ok: false,
      message: expect.stringContaining("rollback"),
    });
  });
});

const actor = (roles: TRole[], over: Partial<TActor> = {}): TActor => ({
  kind: "user",
  userId: "u1",
  email: "u@x",
  name: "U",
  roles,
  teamId: "t1",
  ...over,
});
const model = { teamId: "t1", dsOwnerId: "ds", itOwnerId: "it-owner" };

describe("canRollback", () => {
  it("allows the IT owner and administrators only", () => {
    expect(canRollback(actor(["IT_OPS"], { userId: "it-owner" }), model)).toBe(true);
    expect(canRollback(actor(["ADMIN"]), model)).toBe(true);
    expect(canRollback(actor(["IT_OPS"]), model)).toBe(false);
    expect(canRollback(actor(["DATA_SCIENTIST"], { userId: "ds" }), model)).toBe(false);
    expect(canRollback(actor(["IT_OPS"], { userId: "it-owner" }), { itOwnerId: null })).toBe(false);
    expect(canRollback(null, model)).toBe(false);
  });

  it("needs a token scope that opens rollback:execute", () => {
    expect(canRollback(actor(["IT_OPS"], { userId: "it-owner", kind: "token", tokenScopes: ["read"] }), model)).toBe(
      false,
    );
    expect(canRollback(actor(["IT_OPS"], { userId: "it-owner", kind: "token", tokenScopes: ["write"] }), model)).toBe(
      true,
    );
  });
});

describe("canOperateModel", () => {
  it("lets the model's data scientists and IT operate it, not managers or outsiders", () => {
    expect(canOperateModel(actor(["DATA_SCIENTIST"]), model)).toBe(true);
    expect(canOperateModel(actor(["IT_OPS"], { teamId: "other" }), model)).toBe(true);
    expect(canOperateModel(actor(["DATA_SCIENTIST"], { teamId: "other" }), model)).toBe(false);
    expect(canOperateModel(actor(["MANAGER"]), model)).toBe(false);
    expect(canOperateModel(actor(["DATA_SCIENTIST"], { kind: "token", tokenScopes: ["read"] }), model)).toBe(false);
  });
});
