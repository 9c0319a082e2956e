import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES, primaryRole, type TActor, type TPermission } from "./permissions";

const user = (roles: TActor["roles"]): TActor => ({
  kind: "user",
  userId: "u",
  email: "e",
  name: "n",
  roles,
  teamId: null,
});

describe("can", () => {
  it("grants every permission in a role's table and nothing else", () => {
    for (const role of ROLES) {
      for (const p of PERMISSIONS) {
        expect(can(user([role]), p), `${role} ${p}`).toBe(ROLE_PERMISSIONS[role].includes(p));
      }
    }
  });

  it("fails closed for missing actors, empty roles and unknown roles", () => {
    expect(can(null, "models:read")).toBe(false);
    expect(can(user([]), "models:read")).toBe(false);
    expect(can(user(["ROOT" as never]), "models:read")).toBe(false);
  });

  it("limits tokens to the intersection of the owner's roles and the token's scopes", () => {
    const token = (roles: TActor["roles"], scopes: TActor["tokenScopes"]): TActor => ({
      ...user(roles),
      kind: "token",
      tokenScopes: scopes,
    });
    expect(can(token(["DATA_SCIENTIST"], ["read"]), "models:read")).toBe(true);
    expect(can(token(["DATA_SCIENTIST"], ["read"]), "versions:register")).toBe(false);
    expect(can(token(["DATA_SCIENTIST"], ["write"]), "versions:register")).toBe(true);
    expect(can(token(["DATA_SCIENTIST"], ["admin"]), "users:manage")).toBe(false); // role does not allow it
    // Issue 16: no token manages users, whatever its scopes (an admin token minted ADMIN users before).
    for (const scopes of [["admin"], ["read", "write", "ingest", "admin"]] as const)
      expect(can(token(["ADMIN"], scopes), "users:manage")).toBe(false);
    expect(can(token(["ADMIN"], ["admin"]), "policies:manage")).toBe(true);
    expect(can(token(["ADMIN"], []), "models:read")).toBe(false);
    expect(can(token(["IT_OPS"], ["ingest"]), "monitoring:ingest")).toBe(true);
    expect(can(token(["MANAGER"], ["ingest"]), "monitoring:ingest")).toBe(false);
  });

  it("managers read and decide approvals but cannot register versions or manage users", () => {
    const m = user(["MANAGER"]);
    const allowed: TPermission[] = ["overview:read", "models:read", "approvals:decide"];
    for (const p of allowed) expect(can(m, p)).toBe(true);
    for (const p of ["versions:register", "users:manage", "deployments:write"] as const) expect(can(m, p)).toBe(false);
  });

  it("picks the most specific role for the home page", () => {
    expect(primaryRole(["DATA_SCIENTIST", "MANAGER"])).toBe("MANAGER");
    expect(primaryRole(["DATA_SCIENTIST"])).toBe("DATA_SCIENTIST");
    expect(primaryRole(["IT_OPS", "ADMIN"])).toBe("ADMIN");
  });
});
