import { describe, expect, it } from "vitest";
import { defaultTokenDays, scopesAllowedForRoles } from "./allowed-scopes";

describe("scopesAllowedForRoles", () => {
  it("never offers a scope that opens nothing for the roles", () => {
    expect(scopesAllowedForRoles(["DATA_SCIENTIST"])).toEqual(["read", "write", "ingest"]);
    expect(scopesAllowedForRoles(["IT_OPS"])).toEqual(["read", "write", "ingest"]);
    expect(scopesAllowedForRoles(["MANAGER"])).toEqual(["read", "write"]);
    expect(scopesAllowedForRoles(["ADMIN"])).toEqual(["read", "write", "ingest", "admin"]);
    expect(scopesAllowedForRoles(["MANAGER", "DATA_SCIENTIST"])).toEqual(["read", "write", "ingest"]);
    expect(scopesAllowedForRoles([])).toEqual([]);
  });

  it("defaults to 90 days, capped by the maximum", () => {
    expect(defaultTokenDays(365)).toBe(90);
    expect(defaultTokenDays(30)).toBe(30);
  });
});
