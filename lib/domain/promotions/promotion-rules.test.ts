import { describe, expect, it } from "vitest";
import { ROLES, type TRole } from "../rbac/permissions";
import { STAGES, type TStage } from "../lifecycle/stages";
import {
  afterRequest,
  allowedStageMoves,
  checkPromotionRequest,
  REQUESTER_ROLES,
  promotionRequestKind,
} from "./promotion-rules";

const ALLOWED = new Set([
  "DESIGN>INDUSTRIALIZATION",
  "INDUSTRIALIZATION>UAT",
  "UAT>DEPLOYMENT",
  "DEPLOYMENT>MONITORING",
  "DESIGN>ARCHIVED",
  "INDUSTRIALIZATION>ARCHIVED",
  "UAT>ARCHIVED",
  "DEPLOYMENT>ARCHIVED",
  "MONITORING>ARCHIVED",
]);

describe("stage machine", () => {
  it("allows exactly the one-step forward moves and archiving, for every pair of stages", () => {
    for (const from of STAGES) {
      for (const to of STAGES) {
        const key = `${from}>${to}`;
        const kind = promotionRequestKind(from, to);
        expect(kind !== null, key).toBe(ALLOWED.has(key));
        const r = checkPromotionRequest({ roles: ["ADMIN"] }, from, to);
        expect(r.ok, key).toBe(ALLOWED.has(key));
        if (!r.ok) expect(r.code).toBe("INVALID_TRANSITION");
      }
    }
    expect(
      allowedStageMoves()
        .map(([a, b]) => `${a}>${b}`)
        .sort(),
    ).toEqual([...ALLOWED].sort());
  });

  it("names the expected next stage when a move skips stages", () => {
    const r = checkPromotionRequest({ roles: ["ADMIN"] }, "DESIGN", "UAT");
    expect(r).toEqual({
      ok: false,
      code: "INVALID_TRANSITION",
      message: "DESIGN → UAT is not allowed: from DESIGN the next stage is INDUSTRIALIZATION (or ARCHIVED).",
    });
    expect(checkPromotionRequest({ roles: ["ADMIN"] }, "UAT", "INDUSTRIALIZATION").ok).toBe(false);
    expect(checkPromotionRequest({ roles: ["ADMIN"] }, "ARCHIVED", "DESIGN").ok).toBe(false);
  });

  it("lets each role request exactly the stages of the requester table", () => {
    for (const [from, to] of allowedStageMoves()) {
      for (const role of ROLES) {
        const r = checkPromotionRequest({ roles: [role] }, from, to);
        const allowed = (REQUESTER_ROLES[to as Exclude<TStage, "DESIGN">] as readonly TRole[]).includes(role);
        expect(r.ok, `${role} ${from}>${to}`).toBe(allowed);
        if (!r.ok) expect(r.code).toBe("NOT_ALLOWED");
      }
    }
    expect(checkPromotionRequest({ roles: ["MANAGER"] }, "UAT", "DEPLOYMENT").ok).toBe(false);
    expect(checkPromotionRequest({ roles: ["IT_OPS"] }, "DESIGN", "INDUSTRIALIZATION").ok).toBe(false);
    expect(checkPromotionRequest({ roles: ["MANAGER", "DATA_SCIENTIST"] }, "DESIGN", "INDUSTRIALIZATION").ok).toBe(
      true,
    );
  });

  it("classifies moves as promotion or archive", () => {
    expect(promotionRequestKind("UAT", "DEPLOYMENT")).toBe("promotion");
    expect(promotionRequestKind("MONITORING", "ARCHIVED")).toBe("archive");
  });

  it("leaves a rejected or cancelled version where it was, and moves an applied one", () => {
    expect(afterRequest("REJECTED", "UAT", "DEPLOYMENT")).toEqual({ stage: "UAT", status: "REJECTED" });
    expect(afterRequest("CANCELLED", "UAT", "DEPLOYMENT")).toEqual({ stage: "UAT", status: "READY" });
    expect(afterRequest("APPLIED", "UAT", "DEPLOYMENT")).toEqual({ stage: "DEPLOYMENT", status: "READY" });
  });
});
