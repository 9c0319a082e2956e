import { describe, expect, it } from "vitest";
import { tokenStatus } from "./token-status";

const now = new Date("2025-06-01T12:00:00Z");

describe("tokenStatus", () => {
  it.each([
    [{ revokedAt: null, expiresAt: null }, "ACTIVE"],
    [{ revokedAt: null, expiresAt: "2025-06-01T12:00:01Z" }, "ACTIVE"],
    [{ revokedAt: null, expiresAt: "2025-06-01T12:00:00Z" }, "ACTIVE"],
    [{ revokedAt: null, expiresAt: "2025-06-01T11:59:59Z" }, "EXPIRED"],
    [{ revokedAt: "2025-05-01T00:00:00Z", expiresAt: null }, "REVOKED"],
    [{ revokedAt: "2025-05-01T00:00:00Z", expiresAt: "2025-05-02T00:00:00Z" }, "REVOKED"],
  ] as const)("%o → %s", (token, expected) => {
    expect(tokenStatus(token, now)).toBe(expected);
  });
});
