import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { drainAuditEvents } from "@/lib/server/audit/integrate-audit-events";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { checkCredentials } from "@/lib/server/auth/resolve-actor";
import { DEMO_PASSWORD } from "./demo-portfolio";
import { isDatabaseEmpty, seedDemoPortfolio } from "./seed-demo";
import { assessModelCard } from "@/lib/domain/model-cards/model-card";

const db = useTestDatabase();

describe("demo portfolio", () => {
  it("fills an empty database with the portfolio the issue asks for", async () => {
    expect(await isDatabaseEmpty(db.prisma)).toBe(true);
    const s = (await seedDemoPortfolio(db.prisma, new Date("2026-11-23T12:00:00Z")))!;
    expect(s.teams).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.user.count()).toBeGreaterThanOrEqual(8);
    const roles = new Set((await db.prisma.user.findMany({ select: { roles: true } })).flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(["ADMIN", "DATA_SCIENTIST", "IT_OPS", "MANAGER"]);
    expect(await db.prisma.model.count()).toBeGreaterThanOrEqual(12);
    expect(
      new Set((await db.prisma.model.findMany({ select: { criticality: true } })).map((m) => m.criticality)).size,
    ).toBe(2);
    expect(await db.prisma.modelVersion.count()).toBeGreaterThanOrEqual(40);
    const stages = await db.prisma.modelVersion.groupBy({ by: ["stage"], _count: true });
    expect(stages.map((s) => s.stage).sort()).toEqual([
      "ARCHIVED",
      "DEPLOYMENT",
      "DESIGN",
      "INDUSTRIALIZATION",
      "MONITORING",
      "UAT",
    ]);
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
    const live = await db.prisma.modelVersion.findFirstOrThrow({
      where: { model: { slug: "credit-default-scoring" }, stage: "MONITORING" },
    });
    const model = await db.prisma.model.findUniqueOrThrow({ where: { slug: "credit-default-scoring" } });
    const span = await db.prisma.metricPoint.aggregate({
      where: { version: { modelId: model.id }, name: "auc" },
      _min: { ts: true },
      _max: { ts: true },
    });
    const days = (span._max.ts!.getTime() - span._min.ts!.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    const avg = async (from: string, to: string) =>
      (
        await db.prisma.metricPoint.aggregate({
          where: { versionId: live.id, name: "auc", ts: { gte: new Date(from), lt: new Date(to) } },
          _avg: { value: true },
        })
      )._avg.value!;
    const before = await avg("2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z");
    const lastDay = await avg("2026-11-22T12:00:00Z", "2026-11-23T12:00:01Z");
    expect(before).toBeGreaterThan(0.84);
    expect(lastDay).toBeLessThan(0.75);
    expect(model.health).toBe("CRITICAL");
  });

  it("stores a reference and 30 daily windows per live model; only credit-default-scoring drifts, over its last 12 days", async () => {
    const live = [
      "credit-default-scoring",
      "fraud-detection-cards",
      "churn-propensity",
      "customer-lifetime-value",
      "call-center-volume-forecast",
    ];
    expect(
      await db.prisma.referenceDataset.count({
        where: { version: { model: { slug: { in: live } }, stage: "MONITORING" } },
      }),
    ).toBe(5);
    expect(await db.prisma.sampleWindow.count({ where: { version: { stage: "MONITORING" } } })).toBe(150);
    const windows = async (slug: string) =>
      db.prisma.sampleWindow.findMany({
        where: { version: { model: { slug }, stage: "MONITORING" } },
        orderBy: { windowEnd: "asc" },
        select: {
          windowEnd: true,
          rowCount: true,
          summary: true,
          quality: true,
          driftResults: { select: { feature: true, drifted: true } },
        },
      });
    type Summary = { datasetDrift: { drifted: boolean }; quality: { auc: number | null } | null; health: string };
    const drifted = (w: { driftResults: { feature: string; drifted: boolean }[] }) =>
      w.driftResults
        .filter((d) => d.drifted)
        .map((d) => d.feature)
        .sort();
    const credit = await windows("credit-default-scoring");
    expect(credit).toHaveLength(30);
    expect(credit[29]!.windowEnd.toISOString()).toBe("2026-11-23T12:00:00.000Z");
    expect(credit[29]!.rowCount).toBe(500);
    const last = credit[29]!.summary as Summary;
    expect(last.datasetDrift.drifted).toBe(true);
    expect(drifted(credit[29]!)).toEqual(
      expect.arrayContaining(["__prediction__", "debt_to_income", "employment_type", "income"]),
    );
    expect(last.quality!.auc).toBeLessThan(0.75);
    expect(last.health).toBe("CRITICAL");
    expect(
      (credit[29]!.quality as { features: Record<string, { unseenCategories: string[] }> }).features.employment_type!
        .unseenCategories,
    ).toEqual(["gig"]);
    // Before the episode the same features are stable and the AUC is where the offline evaluation put it.
    for (const w of credit.slice(0, 15)) expect((w.summary as Summary).datasetDrift.drifted).toBe(false);
    const early = credit.slice(0, 15).map((w) => (w.summary as Summary).quality!.auc!);
    expect(early.reduce((a, b) => a + b, 0) / early.length).toBeGreaterThan(0.84);
    const fraud = await windows("fraud-detection-cards");
    expect((fraud[29]!.summary as Summary).datasetDrift.drifted).toBe(false);
    expect(drifted(fraud[29]!)).toEqual([]);
    for (const slug of live.slice(1))
      expect(
        (await windows(slug)).every((w) => !(w.summary as Summary).datasetDrift.drifted),
        slug,
      ).toBe(true);
    // Issue 19: windows carry the importance-weighted drift of the live version's importances.
    type Weighted = { weightedDrift: { score: number; coverage: number; top: { feature: string } | null } | null };
    const creditScores = credit.map((w) => (w.summary as Weighted).weightedDrift!.score);
    for (const x of creditScores.slice(0, 15)) expect(x).toBeLessThan(0.05);
    expect(creditScores[29]).toBeGreaterThan(0.2);
    expect((credit[29]!.summary as Weighted).weightedDrift!.coverage).toBe(1);
    expect((fraud[29]!.summary as Weighted).weightedDrift!.score).toBeLessThan(0.1);
    const model = await db.prisma.model.findUniqueOrThrow({ where: { slug: "credit-default-scoring" } });
    expect((model.healthReasons as { metric: string }[]).map((r) => r.metric)).toEqual(
      expect.arrayContaining(["dataset_drift", "window_auc", "auc"]),
    );
  });

  it("carries feature importances for live and challenger versions, and the issue-19 policy revision", async () => {
    const rows = await db.prisma.featureImportance.findMany({
      select: { source: true, version: { select: { number: true, stage: true, model: { select: { slug: true } } } } },
    });
    const credit = rows
      .filter((r) => r.version.model.slug === "credit-default-scoring")
      .map((r) => [r.version.number, r.version.stage])
      .sort();
    expect(credit).toEqual([
      [3, "MONITORING"],
      [4, "UAT"],
    ]);
    expect(rows.length).toBe(8);
    expect(rows.every((r) => r.source === "seed")).toBe(true);
    const uat = await db.prisma.gatePolicy.findMany({
      where: { targetStage: "UAT", criticality: "MISSION_CRITICAL" },
      orderBy: { version: "asc" },
      select: { version: true, isCurrent: true, requirements: true },
    });
    expect(
      uat.map((p) => [
        p.version,
        p.isCurrent,
        (p.requirements as { requireFeatureImportance?: boolean }).requireFeatureImportance,
      ]),
    ).toEqual([
      [1, false, false],
      [2, true, true],
    ]);
    expect(
      (await db.prisma.model.findUniqueOrThrow({ where: { slug: "credit-default-scoring" } })).approvedFeatures,
    ).not.toContain("region");
    // Issue 17: the same revision requires a complete model card; the demo has one complete card and one partial.
    expect(uat.map((p) => (p.requirements as { requireModelCard?: boolean }).requireModelCard)).toEqual([false, true]);
    const cards = await db.prisma.model.findMany({
      where: { modelCard: { not: "" } },
      select: { slug: true, modelCard: true },
      orderBy: { slug: "asc" },
    });
    expect(cards.map((c) => [c.slug, assessModelCard(c.modelCard)])).toEqual([
      ["credit-default-scoring", { complete: true, missing: [], empty: [] }],
      [
        "fraud-detection-cards",
        { complete: false, missing: ["Factors", "Ethical considerations"], empty: ["Evaluation data"] },
      ],
    ]);
  });

  it("evaluates the alert rules once: credit-default-scoring has an open critical AUC alert and a retraining request, healthy models nothing", async () => {
    const credit = await db.prisma.model.findUniqueOrThrow({
      where: { slug: "credit-default-scoring" },
      select: { id: true },
    });
    const live = await db.prisma.modelVersion.findFirstOrThrow({
      where: { modelId: credit.id, stage: "MONITORING" },
      select: { id: true, number: true },
    });
    const alerts = await db.prisma.alert.findMany({
      where: { status: "OPEN" },
      select: {
        modelId: true,
        versionId: true,
        severity: true,
        message: true,
        rule: { select: { name: true, kind: true } },
      },
    });
    const auc = alerts.find((a) => a.rule.kind === "METRIC_THRESHOLD");
    expect(auc).toMatchObject({
      modelId: credit.id,
      versionId: live.id,
      severity: "CRITICAL",
      rule: { name: "AUC below 0.75 over 24 h" },
    });
    expect(auc!.message).toMatch(/^v3: auc averaged 0\.7\d+ over the last 24 h \(rule: < 0\.75\)\.$/);
    // Only the drifting model alerts; the others' rules hold (AUC, R², latency, staleness, dataset drift).
    expect(new Set(alerts.map((a) => a.modelId))).toEqual(new Set([credit.id]));
    expect(await db.prisma.alertRule.count()).toBeGreaterThanOrEqual(4 * 5);
    // The importance-weighted drift rule (issue 19) opens on the drifting model only.
    expect(alerts.filter((a) => a.rule.kind === "WEIGHTED_DRIFT").map((a) => [a.modelId, a.versionId])).toEqual([
      [credit.id, live.id],
    ]);
    const retraining = await db.prisma.retrainingRequest.findMany({
      select: { modelId: true, status: true, alertId: true, evidence: true },
    });
    expect(retraining).toHaveLength(1);
    expect(retraining[0]).toMatchObject({ modelId: credit.id, status: "OPEN" });
    const evidence = retraining[0]!.evidence as { rule: { name: string }; streak: number; periods: { avg: number }[] };
    expect(evidence.rule.name).toBe("AUC below 0.75 over 24 h");
    expect(evidence.streak).toBeGreaterThanOrEqual(2);
    expect(evidence.periods.every((p) => p.avg < 0.75)).toBe(true);
    expect(await db.prisma.outboxEvent.count({ where: { type: "retraining.requested" } })).toBe(1);
    expect(await db.prisma.outboxEvent.count({ where: { type: "alert.opened" } })).toBe(alerts.length);
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

  it("leaves a valid audit chain once the sequencer has chained the seed's events", async () => {
    await drainAuditEvents();
    const report = await verifyAuditChain({ full: true });
    expect(report.ok).toBe(true);
    expect(report.pending).toBe(0);
    expect(report.verified).toBeGreaterThan(50);
  });
});
