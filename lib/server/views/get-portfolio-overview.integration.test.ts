import { describe, expect, it } from "vitest";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { createTestModel, createTestTeam, createTestUser } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { listPromotionQueue } from "../promotions/list-promotions";
import { getPortfolioOverview } from "./get-portfolio-overview";

const db = useTestDatabase();

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/** Replaces a version's stage history with entries at the given days ago (the first is its DESIGN entry). */
async function history(versionId: string, path: [TStage, number][]) {
  await db.prisma.stageHistory.deleteMany({ where: { versionId } });
  let from: TStage | null = null;
  for (const [stage, days] of path) {
    await db.prisma.stageHistory.create({ data: { versionId, fromStage: from, toStage: stage, enteredAt: ago(days) } });
    from = stage;
  }
}

/** A portfolio crafted so that each warning kind appears on a known model, and nothing else does. */
async function craft() {
  const credit = await createTestTeam(db.prisma);
  const analytics = await createTestTeam(db.prisma);
  const ds = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], teamId: credit.id });
  const gone = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], teamId: analytics.id, active: false });
  const it = await createTestUser(db.prisma, { roles: ["IT_OPS"] });
  const dual = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST", "IT_OPS"], teamId: analytics.id });
  const manager = await createTestUser(db.prisma, { roles: ["MANAGER"], teamId: credit.id });
  const m = (slug: string, o: Omit<Parameters<typeof createTestModel>[1], "slug">) =>
    createTestModel(db.prisma, { slug, ...o });

  const liveOk = await m("w-live-ok", {
    teamId: credit.id,
    dsOwnerId: ds.user.id,
    itOwnerId: it.user.id,
    versions: [{ stage: "MONITORING", production: true }, { stage: "UAT" }],
  });
  const liveNoIt = await m("w-live-no-it", {
    teamId: credit.id,
    dsOwnerId: ds.user.id,
    criticality: "MISSION_CRITICAL",
    versions: [{ stage: "MONITORING", production: true }],
  });
  const deployedNoIt = await m("w-deployed-no-it", {
    teamId: credit.id,
    dsOwnerId: ds.user.id,
    versions: [{ stage: "DEPLOYMENT", production: true }],
  });
  await m("w-orphan", {
    teamId: analytics.id,
    dsOwnerId: gone.user.id,
    itOwnerId: it.user.id,
    versions: [{ stage: "MONITORING", production: true }],
  });
  await m("w-solo", {
    teamId: analytics.id,
    dsOwnerId: dual.user.id,
    itOwnerId: dual.user.id,
    versions: [{ stage: "MONITORING", production: true }],
  });
  await m("w-design-only", { teamId: analytics.id, dsOwnerId: ds.user.id, versions: [{ stage: "DESIGN" }] });
  const archived = await m("w-archived", {
    teamId: analytics.id,
    dsOwnerId: gone.user.id,
    versions: [{ stage: "ARCHIVED" }],
  });
  await db.prisma.model.update({ where: { id: archived.model.id }, data: { archivedAt: ago(1) } });

  // Waiting: a handoff 7 days old, a request 6 days old (waits on IT), one 2 days old (not yet a warning).
  await db.prisma.handoff.create({
    data: {
      modelId: deployedNoIt.model.id,
      direction: "DS_TO_IT",
      fromUserId: ds.user.id,
      toUserId: it.user.id,
      proposedAt: ago(7),
    },
  });
  const gate = {
    open: false,
    requirements: [{ key: "approval:IT_OPS", label: "1 approval by IT operations", met: false, detail: "" }],
    countedApprovers: [],
  };
  await db.prisma.transitionRequest.create({
    data: {
      versionId: liveOk.versions[1]!.id,
      fromStage: "UAT",
      toStage: "DEPLOYMENT",
      requesterId: ds.user.id,
      createdAt: ago(6),
      gateSnapshot: gate,
    },
  });
  await db.prisma.transitionRequest.create({
    data: {
      versionId: liveNoIt.versions[0]!.id,
      fromStage: "MONITORING",
      toStage: "ARCHIVED",
      requesterId: ds.user.id,
      createdAt: ago(2),
    },
  });
  // Half a day old, waiting on a manager; IT already approved it.
  const managerGate = {
    open: false,
    requirements: [
      { key: "approval:IT_OPS", label: "IT", met: true, detail: "" },
      { key: "approval:MANAGER", label: "manager", met: false, detail: "" },
    ],
    countedApprovers: [],
  };
  const toMonitoring = await db.prisma.transitionRequest.create({
    data: {
      versionId: deployedNoIt.versions[0]!.id,
      fromStage: "DEPLOYMENT",
      toStage: "MONITORING",
      requesterId: ds.user.id,
      createdAt: ago(0.5),
      gateSnapshot: managerGate,
    },
  });
  await db.prisma.approval.create({
    data: { requestId: toMonitoring.id, approverId: it.user.id, role: "IT_OPS", decision: "APPROVE" },
  });

  // Stage history (time in stage, 90-day window):
  //   live-ok v1:   DESIGN −30, IND −20, UAT −15, DEPLOYMENT −12, MONITORING −10 → stays 10, 5, 3, 2; lead 20
  //   live-no-it v1: DESIGN −40, IND −36, UAT −34, DEPLOYMENT −33, MONITORING −32 → stays 4, 2, 1, 1; lead 8
  //   deployed v1:  DESIGN −200, IND −150 (ended before the window: left out); DEPLOYMENT entry at −100 is not a stay end in the window
  await history(liveOk.versions[0]!.id, [
    ["DESIGN", 30],
    ["INDUSTRIALIZATION", 20],
    ["UAT", 15],
    ["DEPLOYMENT", 12],
    ["MONITORING", 10],
  ]);
  await history(liveNoIt.versions[0]!.id, [
    ["DESIGN", 40],
    ["INDUSTRIALIZATION", 36],
    ["UAT", 34],
    ["DEPLOYMENT", 33],
    ["MONITORING", 32],
  ]);
  await history(deployedNoIt.versions[0]!.id, [
    ["DESIGN", 200],
    ["INDUSTRIALIZATION", 150],
    ["UAT", 120],
    ["DEPLOYMENT", 100],
  ]);
  return { it, manager, ds, dual, credit, analytics };
}

describe("getPortfolioOverview on crafted data", () => {
  it("computes the ownership warnings, the matrix, time in stage and what waits on the signed-in person", async () => {
    const { it: itUser, manager, ds, dual, credit } = await craft();
    const o = await getPortfolioOverview({ actor: manager.actor, now: NOW });

    const warnings = o.warnings.items.map(
      (w) => `${w.kind} ${w.modelSlug}${w.versionNumber ? ` v${w.versionNumber}` : ""}`,
    );
    expect(warnings).toEqual([
      "NO_IT_OWNER w-live-no-it", // mission-critical first
      "NO_IT_OWNER w-deployed-no-it", // an active production deployment counts as production
      "ORPHANED w-orphan",
      "BUS_FACTOR_1 w-solo",
      "WAITING w-deployed-no-it", // handoff, 7 days
      "WAITING w-live-ok v2", // request, 6 days
    ]);
    expect(o.warnings.counts).toEqual({ NO_IT_OWNER: 2, ORPHANED: 1, BUS_FACTOR_1: 1, WAITING: 2 });
    expect(
      o.warnings.items.find((w) => w.modelSlug === "w-deployed-no-it" && w.kind === "NO_IT_OWNER")!.message,
    ).toMatch(/a handoff to .* is waiting/);
    expect([o.pendingApprovals, o.oldestPendingDays, o.proposedHandoffs]).toEqual([3, 6, 1]);

    // Matrix: two teams, archived model left out, production first within a team.
    const creditRow = o.matrix.find((t) => t.teamId === credit.id)!;
    expect(creditRow.models.map((m) => m.slug)).toEqual(["w-deployed-no-it", "w-live-no-it", "w-live-ok"]);
    expect([creditRow.inProduction, creditRow.withoutItOwner]).toEqual([3, 2]);
    expect(o.matrix.flatMap((t) => t.models.map((m) => m.slug))).not.toContain("w-archived");

    // Time in stage, by hand: DESIGN [4, 10] → median 7, p90 4 + 0.9·6 = 9.4; IND [2, 5] → 3.5, 4.7;
    // UAT [1, 3] → 2, 2.8; DEPLOYMENT [1, 2] → 1.5, 1.9; MONITORING no finished stay → null.
    // Lead time [8, 20] → median 14, p90 8 + 0.9·12 = 18.8.
    const byStage = Object.fromEntries(o.timeInStage.stages.map((s) => [s.stage, [s.count, s.medianDays, s.p90Days]]));
    const expected: Record<string, [number, number | null, number | null]> = {
      DESIGN: [2, 7, 9.4],
      INDUSTRIALIZATION: [2, 3.5, 4.7],
      UAT: [2, 2, 2.8],
      DEPLOYMENT: [2, 1.5, 1.9],
      MONITORING: [0, null, null],
    };
    for (const [stage, [count, median, p90]] of Object.entries(expected)) {
      expect(byStage[stage]![0], stage).toBe(count);
      if (median === null) expect(byStage[stage]!.slice(1)).toEqual([null, null]);
      else {
        expect(byStage[stage]![1], stage).toBeCloseTo(median, 6);
        expect(byStage[stage]![2], stage).toBeCloseTo(p90!, 6);
      }
    }
    expect(o.timeInStage.leadTime.count).toBe(2);
    expect(o.timeInStage.leadTime.medianDays).toBeCloseTo(14, 6);
    expect(o.timeInStage.leadTime.p90Days).toBeCloseTo(18.8, 6);

    // The manager has no handoff but the request that misses a manager; the IT user has a handoff and the IT request.
    expect(o.waitingOnYou.handoffs).toEqual([]);
    expect(o.waitingOnYou.approvals!.map((r) => `${r.modelSlug} v${r.versionNumber}`)).toEqual(["w-deployed-no-it v1"]);
    const mine = await getPortfolioOverview({ actor: itUser.actor, now: NOW });
    expect(mine.waitingOnYou.handoffs.map((h) => h.modelSlug)).toEqual(["w-deployed-no-it"]);
    expect(mine.waitingOnYou.approvals!.map((r) => `${r.modelSlug} v${r.versionNumber} ${r.requesterName}`)).toEqual([
      `w-live-ok v2 ${ds.user.name}`,
    ]);
    // Same rule as the approvals queue, for every kind of reviewer (the IT user already voted on the second request).
    for (const who of [itUser, manager, ds, dual]) {
      const overview = await getPortfolioOverview({ actor: who.actor, now: NOW });
      expect(
        overview.waitingOnYou.approvals!.map((r) => r.id),
        who.user.email,
      ).toEqual((await listPromotionQueue({ actor: who.actor })).items.map((r) => r.id));
    }
  });

  it("takes N days for the waiting warnings and refuses actors without overview:read", async () => {
    const manager = await createTestUser(db.prisma, { roles: ["MANAGER"] });
    const strict = await getPortfolioOverview({ actor: manager.actor, now: NOW, waitingDays: 1 });
    expect(strict.warnings.counts.WAITING).toBe(3); // the 2-day-old request joins
    const lax = await getPortfolioOverview({ actor: manager.actor, now: NOW, waitingDays: 10 });
    expect(lax.warnings.counts.WAITING).toBe(0);
    await expect(getPortfolioOverview({ actor: { ...manager.actor, roles: [] }, now: NOW })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
