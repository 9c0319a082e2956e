import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { checkCredentials } from "@/lib/server/auth/resolve-actor";
import { DEMO_PASSWORD } from "./demo-portfolio";
import { isDatabaseEmpty, seedDemoPortfolio } from "./seed-demo";

const db = useTestDatabase();

describe("demo portfolio", () => {
  it("fills an empty database with the portfolio the issue asks for", async () => {
    expect(await isDatabaseEmpty(db.prisma)).toBe(true);
    const s = await seedDemoPortfolio(db.prisma, new Date("2026-11-23T12:00:00Z"));
    expect(s.teams).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.user.count()).toBeGreaterThanOrEqual(8);
    const roles = new Set((await db.prisma.user.findMany({ select: { roles: true } })).flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(["ADMIN", "DATA_SCIENTIST", "IT_OPS", "MANAGER"]);
    expect(await db.prisma.model.count()).toBeGreaterThanOrEqual(12);
    expect(new Set((await db.prisma.model.findMany({ select: { criticality: true } })).map((m) => m.criticality)).size).toBe(2);
    expect(await db.prisma.modelVersion.count()).toBeGreaterThanOrEqual(40);
    const stages = await db.prisma.modelVersion.groupBy({ by: ["stage"], _count: true });
    expect(stages.map((s) => s.stage).sort()).toEqual(["ARCHIVED", "DEPLOYMENT", "DESIGN", "INDUSTRIALIZATION", "MONITORING", "UAT"]);
    const pending = await db.prisma.transitionRequest.findMany({ where: { status: "PENDING" } });
    expect(pending.length).toBeGreaterThanOrEqual(3);
    // Every pending request carries a gate evaluation, and none of them is secretly open.
    for (const r of pending) expect((r.gateSnapshot as { open: boolean }).open).toBe(false);
    expect(await db.prisma.handoff.count({ where: { status: "PROPOSED" } })).toBe(1);
    const liveWithoutIt = await db.prisma.model.findMany({
      where: { itOwnerId: null, versions: { some: { stage: "MONITORING" } } },
      select: { slug: true },
    });
    expect(liveWithoutIt.map((m) => m.slug)).toContain("churn-propensity");
  });

  it("writes 90 days of hourly metrics with a drift episode on credit-default-scoring", async () => {
    const live = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { slug: "credit-default-scoring" }, stage: "MONITORING" } });
    const model = await db.prisma.model.findUniqueOrThrow({ where: { slug: "credit-default-scoring" } });
    const span = await db.prisma.metricPoint.aggregate({ where: { version: { modelId: model.id }, name: "auc" }, _min: { ts: true }, _max: { ts: true } });
    const days = (span._max.ts!.getTime() - span._min.ts!.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    const avg = async (from: string, to: string) =>
      (await db.prisma.metricPoint.aggregate({ where: { versionId: live.id, name: "auc", ts: { gte: new Date(from), lt: new Date(to) } }, _avg: { value: true } }))._avg.value!;
    const before = await avg("2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z");
    const lastDay = await avg("2026-11-22T12:00:00Z", "2026-11-23T12:00:01Z");
    expect(before).toBeGreaterThan(0.84);
    expect(lastDay).toBeLessThan(0.75);
    expect(model.health).toBe("CRITICAL");
  });

  it("is deterministic: the same versions and metric values on every run", async () => {
    const sum = await db.prisma.metricPoint.aggregate({ _sum: { value: true }, _count: true });
    const other = await import("@/lib/testing/test-db").then((m) => m.createTestDatabase());
    try {
      await seedDemoPortfolio(other.prisma, new Date("2026-11-23T12:00:00Z"));
      const sum2 = await other.prisma.metricPoint.aggregate({ _sum: { value: true }, _count: true });
      expect(sum2._count).toBe(sum._count);
      expect(sum2._sum.value).toBeCloseTo(sum._sum.value!, 6);
    } finally {
      await other.close();
    }
  });

  it("lets every demo user sign in with the documented password, except the deactivated one", async () => {
    const users = await db.prisma.user.findMany({ select: { email: true, active: true } });
    for (const u of users) {
      const r = await checkCredentials(u.email, DEMO_PASSWORD);
      expect(r.ok, u.email).toBe(u.active);
    }
    expect((await checkCredentials("alice@modelgate.local", "wrong")).ok).toBe(false);
  });

  it("leaves a valid audit chain", async () => {
    const report = await verifyAuditChain();
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(50);
  });
});
