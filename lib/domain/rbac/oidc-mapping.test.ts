import { describe, expect, it } from "vitest";
import { groupsFromClaim, mapGroups, parseGroupMap, parseRoleMap } from "./oidc-mapping";

describe("OIDC group mapping", () => {
  const roles = parseRoleMap(
    "ml-scientists:DATA_SCIENTIST, ml-ops:IT_OPS,ml-leads:MANAGER,ml-leads:DATA_SCIENTIST,cn=admins:ou=x:ADMIN",
  );
  const teams = parseGroupMap("ml-scientists:credit-risk,ml-ops:platform");

  it("parses group:value pairs, groups with ':' included", () => {
    expect(roles.at(-1)).toEqual({ group: "cn=admins:ou=x", value: "ADMIN" });
    expect(parseGroupMap("")).toEqual([]);
    expect(() => parseGroupMap("nocolon")).toThrow(/not group:value/);
    expect(() => parseRoleMap("g:ROOT")).toThrow(/unknown role 'ROOT'/);
  });

  it("maps groups to roles once each and to the first mapped team", () => {
    expect(mapGroups(["ml-leads", "ml-scientists", "other"], roles, teams)).toEqual({
      roles: ["DATA_SCIENTIST", "MANAGER"],
      teamSlug: "credit-risk",
    });
    expect(mapGroups(["ml-ops"], roles, teams)).toEqual({ roles: ["IT_OPS"], teamSlug: "platform" });
    expect(mapGroups(["unmapped"], roles, teams)).toEqual({ roles: [], teamSlug: null });
  });

  it("reads the claim as an array or a single string", () => {
    expect(groupsFromClaim(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(groupsFromClaim("a")).toEqual(["a"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });
});
