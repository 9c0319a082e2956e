import { describe, expect, it } from "vitest";
import { ZRollbackPlan, ZRollbackResponse } from "@/lib/schemas/deployments";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  createTestToken,
  insertTestMetrics,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as getPlan, POST as rollback } from "./route";

const db = useTestDatabase();
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Health = "good" | "critical" | "none";

/**
 * v1 served production 40–20 days ago, v2 20–5 days ago, v3 since 5 days (ACTIVE). `health` sets the AUC of
 * v1/v2 over their last day in production; v3 is decaying now.
 */
async function setup(o: { v1?: Health; v2?: Health; itOwner?: "it" | null } = {}) {
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: o.itOwner === null ? null : cast.it.user.id,
    versions: [{ stage: "ARCHIVED" }, { stage: "ARCHIVED" }, { stage: "MONITORING", production: true }],
  });
  const [v1, v2, v3] = versions as [(typeof versions)[0], (typeof versions)[0], (typeof versions)[0]];
  const prod = await db.prisma.environment.findUniqueOrThrow({ where: { name: "production" } });
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  await db.prisma.deployment.updateMany({ where: { versionId: v3.id }, data: { deployedAt: ago(5) } });
  await db.prisma.deployment.create({
    data: {
      modelId: model.id,
      versionId: v1.id,
      environmentId: prod.id,
      status: "SUPERSEDED",
      deployedAt: ago(40),
      endedAt: ago(20),
    },
  });
  await db.prisma.deployment.create({
    data: {
      modelId: model.id,
      versionId: v2.id,
      environmentId: prod.id,
      status: "SUPERSEDED",
      deployedAt: ago(20),
      endedAt: ago(5),
    },
  });
  const lastDay = (versionId: string, endedDaysAgo: number, health: Health) =>
    health === "none"
      ? Promise.resolve()
      : insertTestMetrics(
          db.prisma,
          versionId,
          Array.from({ length: 12 }, (_, i) => ({
            name: "auc",
            value: health === "good" ? 0.86 : 0.6,
            ts: new Date(ago(endedDaysAgo).getTime() - i * HOUR),
          })),
        );
  await lastDay(v1.id, 20, o.v1 ?? "good");
  await lastDay(v2.id, 5, o.v2 ?? "good");
  await insertTestMetrics(db.prisma, v3.id, [{ name: "auc", value: 0.6, ts: new Date(Date.now() - HOUR) }]);
  return { cast, model, v1, v2, v3 };
}

const post = (token: string | undefined, modelId: string, body: unknown) =>
  callRoute(rollback, { method: "POST", token, params: { modelId }, body });

describe("rollback", () => {
  it("previews the target: the most recently replaced version that was healthy, and who may roll back", async () => {
    const { cast, model, v2, v3 } = await setup();
    const r = await callRoute(getPlan, { token: cast.it.token, params: { modelId: model.slug } });
    expect(r.status).toBe(200);
    const plan = ZRollbackPlan.parse(r.json);
    expect(plan).toMatchObject({
      environment: "production",
      live: { version: { id: v3.id, number: 3 } },
      target: { version: { id: v2.id, number: 2 }, healthAtEnd: "HEALTHY", eligible: true },
      reason: null,
      allowed: true,
    });
    expect(plan.candidates.map((c) => c.version.number)).toEqual([2, 1]);
    expect(
      ZRollbackPlan.parse((await callRoute(getPlan, { token: cast.it2.token, params: { modelId: model.id } })).json)
        .allowed,
    ).toBe(false);
    expect(
      ZRollbackPlan.parse((await callRoute(getPlan, { token: cast.admin.token, params: { modelId: model.id } })).json)
        .allowed,
    ).toBe(true);
    expect((await callRoute(getPlan, { params: { modelId: model.id } })).status).toBe(401);
    expect((await callRoute(getPlan, { token: cast.ds.token, params: { modelId: "nope" } })).status).toBe(404);
    expect(
      (await callRoute(getPlan, { token: cast.ds.token, params: { modelId: model.id }, path: "/?environment=Prod" }))
        .status,
    ).toBe(422);
  });

  it("lets the IT owner roll back in one action: v3 pulled and marked, v2 live again, history, audit and webhook", async () => {
    const { cast, model, v2, v3 } = await setup();
    const rule = await createTestAlertRule(db.prisma, model.id, {
      kind: "METRIC_THRESHOLD",
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
      severity: "CRITICAL",
    });
    await db.prisma.alert.create({
      data: { ruleId: rule.id, modelId: model.id, versionId: v3.id, severity: "CRITICAL", message: "v3: auc decayed" },
    });
    const r = await post(cast.it.token, model.id, {
      reason: "AUC decay after the upstream schema change",
      fromVersionId: v3.id,
      toVersionId: v2.id,
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = ZRollbackResponse.parse(r.json);
    expect(body).toMatchObject({
      from: { id: v3.id, number: 3 },
      to: { id: v2.id, number: 2 },
      rolledBack: { status: "ROLLED_BACK" },
      deployment: {
        status: "ACTIVE",
        version: { number: 2, stage: "MONITORING" },
        deployedBy: { id: cast.it.user.id },
      },
    });
    expect(body.deployment.reason).toBe("Rollback from v3: AUC decay after the upstream schema change");

    const versions = await db.prisma.modelVersion.findMany({
      where: { modelId: model.id },
      orderBy: { number: "asc" },
      select: { stage: true, status: true },
    });
    expect(versions.map((v) => `${v.stage}/${v.status}`)).toEqual([
      "ARCHIVED/READY",
      "MONITORING/READY",
      "ARCHIVED/ROLLED_BACK",
    ]);
    expect(await db.prisma.modelVersion.count({ where: { modelId: model.id, stage: "MONITORING" } })).toBe(1);
    const active = await db.prisma.deployment.findMany({
      where: { modelId: model.id, status: "ACTIVE" },
      select: { versionId: true },
    });
    expect(active).toEqual([{ versionId: v2.id }]);
    const history = await db.prisma.stageHistory.findMany({
      where: { versionId: { in: [v2.id, v3.id] }, reason: { contains: "AUC decay" } },
      select: { versionId: true, fromStage: true, toStage: true },
    });
    expect(history).toEqual(
      expect.arrayContaining([
        { versionId: v3.id, fromStage: "MONITORING", toStage: "ARCHIVED" },
        { versionId: v2.id, fromStage: "ARCHIVED", toStage: "MONITORING" },
      ]),
    );
    expect(await db.prisma.auditEvent.count({ where: { modelId: model.id, action: "deployment.rolled_back" } })).toBe(
      1,
    );
    const events = await db.prisma.outboxEvent.findMany({
      where: { type: "deployment.rolled_back", payload: { path: ["data", "modelId"], equals: model.id } },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      type: "deployment.rolled_back",
      data: {
        from: { version: 3 },
        to: { version: 2 },
        reason: "AUC decay after the upstream schema change",
        actorId: cast.it.user.id,
      },
    });
    // The alert about the pulled version resolves: v2 is what is watched now.
    expect(await db.prisma.alert.findFirstOrThrow({ where: { ruleId: rule.id } })).toMatchObject({
      status: "RESOLVED",
      resolution: expect.stringContaining("v2 is live now"),
    });

    // The same confirmation again (a double click) is refused: v2 is live, not v3.
    const again = await post(cast.it.token, model.id, { reason: "again", fromVersionId: v3.id });
    expect(again.status).toBe(409);
    expect(await db.prisma.deployment.count({ where: { modelId: model.id, status: "ROLLED_BACK" } })).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("skips a version that was critical when it was replaced, and a version already rolled back", async () => {
    const critical = await setup({ v2: "critical" });
    const plan = ZRollbackPlan.parse(
      (await callRoute(getPlan, { token: critical.cast.it.token, params: { modelId: critical.model.id } })).json,
    );
    expect(plan.target?.version.number).toBe(1);
    expect(plan.candidates.find((c) => c.version.number === 2)).toMatchObject({
      eligible: false,
      healthAtEnd: "CRITICAL",
    });
    const r = ZRollbackResponse.parse(
      (await post(critical.cast.admin.token, critical.model.id, { reason: "Emergency" })).json,
    );
    expect(r.to.number).toBe(1);

    const marked = await setup();
    await db.prisma.modelVersion.update({ where: { id: marked.v2.id }, data: { status: "ROLLED_BACK" } });
    expect(
      ZRollbackPlan.parse(
        (await callRoute(getPlan, { token: marked.cast.it.token, params: { modelId: marked.model.id } })).json,
      ).target?.version.number,
    ).toBe(1);
  });

  it("answers 409 with the reason when no earlier version qualifies, and writes nothing", async () => {
    const { cast, model, v3 } = await setup({ v1: "critical", v2: "critical" });
    const r = await post(cast.it.token, model.id, { reason: "Try" });
    expect(r.status).toBe(409);
    expect(r.json.detail).toContain("v2: it was critical when it was replaced");
    expect(
      await db.prisma.deployment.findFirst({
        where: { modelId: model.id, status: "ACTIVE" },
        select: { versionId: true },
      }),
    ).toEqual({ versionId: v3.id });
    const stale = await post(cast.it.token, model.id, { reason: "Try", toVersionId: v3.id });
    expect(stale.status).toBe(409);
  });

  it("is refused to other IT operators, data scientists, managers, read-only tokens, and without a reason", async () => {
    const { cast, model, v3 } = await setup();
    expect((await post(undefined, model.id, { reason: "x" })).status).toBe(401);
    const otherIt = await post(cast.it2.token, model.id, { reason: "Not mine but urgent" });
    expect(otherIt.status).toBe(403);
    expect(otherIt.json.detail).toContain("Only the IT owner");
    const ds = await post(cast.ds.token, model.id, { reason: "I own the model" });
    expect(ds.status).toBe(403);
    expect(ds.json.permission).toBe("rollback:execute");
    expect((await post(cast.manager.token, model.id, { reason: "x" })).status).toBe(403);
    expect(
      (await post(await createTestToken(db.prisma, cast.it.user.id, ["read"]), model.id, { reason: "x" })).status,
    ).toBe(403);
    const noReason = await post(cast.it.token, model.id, { reason: "   " });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors).toEqual([
      { path: "reason", message: "Say why production is rolled back; it goes into the audit log and the webhook." },
    ]);
    const missing = await post(cast.it.token, model.id, {});
    expect(missing.json.errors[0].path).toBe("reason");
    const staging = await post(cast.it.token, model.id, { reason: "x", environment: "staging" });
    expect(staging.status).toBe(422);
    expect((await post(cast.it.token, "nope", { reason: "x" })).status).toBe(404);
    expect(
      await db.prisma.deployment.findFirst({
        where: { modelId: model.id, status: "ACTIVE" },
        select: { versionId: true },
      }),
    ).toEqual({ versionId: v3.id });
    expect(await db.prisma.auditEvent.count({ where: { modelId: model.id, action: "deployment.rolled_back" } })).toBe(
      0,
    );
  });

  it("leaves a model without an IT owner to administrators", async () => {
    const { cast, model } = await setup({ itOwner: null });
    expect((await post(cast.it.token, model.id, { reason: "x" })).status).toBe(403);
    expect((await post(cast.admin.token, model.id, { reason: "Owner on leave" })).status).toBe(200);
  });
});
