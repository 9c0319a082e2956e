import { describe, expect, it } from "vitest";
import { inviteStateOf } from "./invite-state";

const now = new Date("2026-12-02T10:00:00Z");
const later = new Date("2026-12-03T10:00:00Z");
const earlier = new Date("2026-12-01T10:00:00Z");

describe("inviteStateOf", () => {
  it.each([
    ["unknown", null],
    ["open", { usedAt: null, revokedAt: null, expiresAt: later }],
    ["expired", { usedAt: null, revokedAt: null, expiresAt: now }],
    ["expired", { usedAt: null, revokedAt: null, expiresAt: earlier }],
    ["replaced", { usedAt: null, revokedAt: earlier, expiresAt: later }],
    ["replaced", { usedAt: null, revokedAt: earlier, expiresAt: earlier }],
    ["used", { usedAt: earlier, revokedAt: null, expiresAt: earlier }],
    ["used", { usedAt: earlier, revokedAt: earlier, expiresAt: later }],
  ] as const)("%s for %j", (state, invite) => {
    expect(inviteStateOf(invite, now)).toBe(state);
  });
});
