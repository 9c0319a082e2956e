import { describe, expect, it } from "vitest";
import { createCast, createTestAlertRule, createTestModel } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { evaluateAlertsOnSchedule } from "../alerts/evaluate-alerts-on-schedule";
import { claimPeriod, finishPeriod, releaseLeases } from "./job-lease";

const db = useTestDatabase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("job leases: once per period across instances", () => {
  it("gives a period to exactly one of many concurrent claimants, and never again once done", async () => {
    const o = { name: "lease-a", periodMs: 3_600_000, leaseMs: 60_000 };
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimPeriod(db.prisma, { ...o, holder: `instance-${i}` })),
    );
    const winners = claims.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    const period = claims[winners[0]!]!.period;
    expect(period).toBe(Math.floor(Date.now() / o.periodMs));
    expect(await finishPeriod(db.prisma, { name: o.name, period, holder: "someone-else" })).toBe(false);
    expect(await finishPeriod(db.prisma, { name: o.name, period, holder: `instance-${winners[0]}` })).toBe(true);
    expect(await claimPeriod(db.prisma, { ...o, holder: "late" })).toBeNull();
  });

  it("lets another instance take over a period whose holder died (lease expired) or released it on shutdown", async () => {
    const o = { name: "lease-b", periodMs: 3_600_000 };
    expect(await claimPeriod(db.prisma, { ...o, leaseMs: 150, holder: "dies" })).not.toBeNull();
    expect(await claimPeriod(db.prisma, { ...o, leaseMs: 150, holder: "survivor" })).toBeNull();
    await sleep(300);
    const taken = await claimPeriod(db.prisma, { ...o, leaseMs: 60_000, holder: "survivor" });
    expect(taken).not.toBeNull();
    expect(await claimPeriod(db.prisma, { ...o, leaseMs: 60_000, holder: "third" })).toBeNull();
    expect(await releaseLeases(db.prisma, "survivor")).toBe(1);
    expect(await claimPeriod(db.prisma, { ...o, leaseMs: 60_000, holder: "third" })).not.toBeNull();
  });

  it("two instances ticking over 3 periods evaluate each alert rule once per period", async () => {
    const cast = await createCast(db.prisma);
    const models = [];
    for (let i = 0; i < 2; i++)
      models.push(
        await createTestModel(db.prisma, {
          teamId: cast.team.id,
          dsOwnerId: cast.ds.user.id,
          versions: [{ stage: "MONITORING", production: true }],
        }),
      );
    for (const { model } of models) {
      await createTestAlertRule(db.prisma, model.id, { kind: "STALENESS", config: { hours: 24 } });
      await createTestAlertRule(db.prisma, model.id, {
        kind: "METRIC_THRESHOLD",
        config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
      });
    }
    const rules = await db.prisma.alertRule.count();
    const periodMs = 700;
    // Start right after a period boundary so exactly 3 whole periods fit.
    await sleep(periodMs - (Date.now() % periodMs) + 20);
    const end = Date.now() + 3 * periodMs - 60;
    const evaluations = new Map<number, { holder: string; evaluated: number }[]>();
    const instance = async (holder: string) => {
      while (Date.now() < end) {
        const claim = await claimPeriod(db.prisma, {
          name: "alert-evaluation-test",
          periodMs,
          leaseMs: periodMs,
          holder,
        });
        if (claim) {
          const summary = await evaluateAlertsOnSchedule();
          await finishPeriod(db.prisma, { name: "alert-evaluation-test", period: claim.period, holder });
          evaluations.set(claim.period, [
            ...(evaluations.get(claim.period) ?? []),
            { holder, evaluated: summary.evaluated },
          ]);
        }
        await sleep(periodMs / 7);
      }
    };
    await Promise.all([instance("A"), instance("B")]);
    expect([...evaluations.keys()]).toHaveLength(3);
    for (const [period, runs] of evaluations) {
      expect(runs, `period ${period}`).toHaveLength(1);
      expect(runs[0]!.evaluated, `period ${period}`).toBe(rules);
    }
  });
});
