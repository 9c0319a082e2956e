import { describe, expect, it } from "vitest";
import { isWaitingOnReviewer } from "./waiting-on-you";

const it1 = { userId: "it1", roles: ["IT_OPS"] as const };
const request = { requesterId: "ds", approverIds: [] as string[], missingApprovalRoles: ["IT_OPS", "MANAGER"] };

describe("isWaitingOnReviewer", () => {
  it("waits on a holder of a missing role", () => {
    expect(isWaitingOnReviewer(it1, request)).toBe(true);
    expect(isWaitingOnReviewer({ userId: "m", roles: ["MANAGER"] }, request)).toBe(true);
  });

  it("not on the requester, someone who already decided, or someone without a missing role", () => {
    expect(isWaitingOnReviewer({ userId: "ds", roles: ["IT_OPS"] }, request)).toBe(false);
    expect(isWaitingOnReviewer(it1, { ...request, approverIds: ["it1"] })).toBe(false);
    expect(isWaitingOnReviewer({ userId: "ds2", roles: ["DATA_SCIENTIST"] }, request)).toBe(false);
    expect(isWaitingOnReviewer({ userId: "a", roles: ["ADMIN"] }, request)).toBe(false);
    expect(isWaitingOnReviewer(it1, { ...request, missingApprovalRoles: [] })).toBe(false);
  });
});
