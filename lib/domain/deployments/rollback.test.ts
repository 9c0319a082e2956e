import { describe, expect, it } from "vitest";
import { selectRollbackTarget, type TProductionDeploymentFact } from "./rollback";

const D = 86_400_000;
const dep = (n: number, over: Partial<TProductionDeploymentFact> = {}): TProductionDeploymentFact => ({
  deploymentId: `d${n}`,
  versionId: `v${n}`,
  versionNumber: n,
  status: "SUPERSEDED",
  versionStatus: "READY",
  deployedAt: n * 10 * D,
  endedAt: (n + 1) * 10 * D,
  healthAtEnd: "HEALTHY",
  ...over,
});
const live = { versionId: "v3", versionNumber: 3 };
const liveDep = dep(3, { status: "ACTIVE", endedAt: null });

describe("selectRollbackTarget", () => {
  it("returns the most recently replaced healthy version (the demo: v3 live → v2)", () => {
    const r = selectRollbackTarget({ live, history: [dep(1), liveDep, dep(2)] });
    expect(r.ok && r.target.versionNumber).toBe(2);
    expect(r.candidates.map((c) => c.versionNumber)).toEqual([2, 1]);
  });

  it("skips a version that was critical when it was replaced, then picks the next", () => {
    const r = selectRollbackTarget({ live, history: [dep(1), dep(2, { healthAtEnd: "CRITICAL" }), liveDep] });
    expect(r.ok && r.target.versionNumber).toBe(1);
    expect(r.candidates.find((c) => c.versionNumber === 2)).toMatchObject({
      eligible: false,
      why: "it was critical when it was replaced",
    });
  });

  it("accepts WARNING and UNKNOWN health (not critical)", () => {
    expect(selectRollbackTarget({ live, history: [dep(2, { healthAtEnd: "WARNING" }), liveDep] }).ok).toBe(true);
    const r = selectRollbackTarget({ live, history: [dep(2, { healthAtEnd: "UNKNOWN" }), liveDep] });
    expect(r.ok && r.candidates[0]!.why).toContain("no metrics");
  });

  it("skips rolled-back and failed deployments, versions marked rolled back, and the live version's own past deployments", () => {
    const history = [
      dep(1),
      dep(2, { status: "ROLLED_BACK" }),
      dep(4, { versionStatus: "ROLLED_BACK", endedAt: 60 * D }),
      dep(5, { status: "FAILED", endedAt: 70 * D }),
      dep(3, { deploymentId: "d3-old", endedAt: 80 * D }),
      liveDep,
    ];
    const r = selectRollbackTarget({ live, history });
    expect(r.ok && r.target.deploymentId).toBe("d1");
    expect(r.candidates.filter((c) => !c.eligible).map((c) => c.deploymentId)).toEqual(["d3-old", "d5", "d4", "d2"]);
  });

  it("orders by end of service, then by deployment time", () => {
    const r = selectRollbackTarget({
      live,
      history: [dep(1, { endedAt: 50 * D, deployedAt: 1 }), dep(2, { endedAt: 50 * D, deployedAt: 2 }), liveDep],
    });
    expect(r.ok && r.target.versionNumber).toBe(2);
  });

  it("explains an empty answer", () => {
    const none = selectRollbackTarget({ live, history: [liveDep] });
    expect(none).toMatchObject({
      ok: false,
      reason: "v3 is the first version deployed here; there is no earlier version to return to.",
    });
    const bad = selectRollbackTarget({ live, history: [dep(2, { healthAtEnd: "CRITICAL" }), liveDep] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toContain("v2: it was critical when it was replaced");
    expect(selectRollbackTarget({ live: null, history: [dep(2)] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Nothing is live"),
    });
  });
});
