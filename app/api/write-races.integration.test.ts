import { describe, expect, it } from "vitest";
import { drainAuditEvents } from "@/lib/server/audit/integrate-audit-events";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  seedDefaultPolicies,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as acknowledge } from "./v1/alerts/[alertId]/acknowledge/route";
import { GET as listAlerts } from "./v1/alerts/route";
import { POST as acceptHandoff } from "./v1/handoffs/[handoffId]/accept/route";
import { POST as recordDeployment } from "./v1/models/[modelId]/deployments/route";
import { POST as proposeHandoff } from "./v1/models/[modelId]/handoffs/route";
import { POST as rollback } from "./v1/models/[modelId]/rollback/route";
import { POST as decide } from "./v1/transitions/[requestId]/decision/route";
import { POST as ingestMetrics } from "./v1/versions/[versionId]/metrics/route";
import { POST as requestTransition } from "./v1/versions/[versionId]/transitions/route";

/**
 * Writes of different features meeting on ONE model, on PostgreSQL (issue 13): before the lock order and the
 * retrying transaction helper, (approve, record deployment) pairs deadlocked — 132 of 160 requests answered 500.
 * Every use case now locks the model row first and re-runs on 40P01/40001, so none may answer 5xx, the final
 * state must be consistent, every 2xx must be in the audit log (and nothing else), and the chain must verify.
 */
const db = useTestDatabase();
const onPostgres = !!process.env.TEST_DATABASE_URL;

const CHECKLIST = {
  runbook: "https://wiki.example.com/runbooks/storm",
  monitoringAgreed: "AUC < 0.75 over 24 h pages the on-call engineer",
  rollbackPlan: "Roll back to the previous version from the model page",
  retrainingStrategy: "Monthly, or on a sustained drift alert",
  onCall: "#ml-oncall",
  knownLimitations: "Synthetic test model",
};

async function setup(o: { uat: number; deployment: number }) {
  await seedDefaultPolicies(db.prisma);
  const cast = await createCast(db.prisma);
  const stages = [
    { stage: "ARCHIVED" as const },
    { stage: "MONITORING" as const, production: true },
    ...Array.from({ length: o.uat }, () => ({ stage: "UAT" as const })),
    ...Array.from({ length: o.deployment }, () => ({ stage: "DEPLOYMENT" as const })),
  ];
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: cast.it.user.id,
    versions: stages,
  });
  await db.prisma.environment.upsert({
    where: { name: "staging" },
    create: { name: "staging", isProduction: false },
    update: {},
  });
  const prod = await db.prisma.environment.findUniqueOrThrow({ where: { name: "production" } });
  // v1 served production before v2, healthily: the rollback target.
  await db.prisma.deployment.create({
    data: {
      modelId: model.id,
      versionId: versions[0]!.id,
      environmentId: prod.id,
      status: "SUPERSEDED",
      deployedAt: new Date(Date.now() - 20 * 86_400_000),
      endedAt: new Date(Date.now() - 86_400_000),
    },
  });
  const uat = versions.slice(2, 2 + o.uat);
  const deployable = versions.slice(2 + o.uat);
  const requests: string[] = [];
  for (const v of uat) {
    const r = await callRoute(requestTransition, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId: v.id },
      body: { toStage: "DEPLOYMENT", justification: "ready" },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    requests.push(r.json.id as string);
  }
  return { cast, model, uat, deployable, requests, live: versions[1]! };
}

type Outcome = { op: string; status: number; body: unknown };

function expectNo5xx(outcomes: Outcome[]) {
  const bad = outcomes.filter((o) => o.status >= 500);
  expect(bad.slice(0, 5), `${bad.length} answers were 5xx`).toEqual([]);
}

async function auditCounts(modelId: string, actions: string[]) {
  const rows = await db.prisma.auditEvent.groupBy({
    by: ["action"],
    where: { modelId, action: { in: actions } },
    _count: { _all: true },
  });
  return Object.fromEntries(actions.map((a) => [a, rows.find((r) => r.action === a)?._count._all ?? 0]));
}

describe.runIf(onPostgres)("writes meeting on one model (PostgreSQL)", () => {
  it("40 concurrent (approve, record deployment) pairs: no 5xx, a consistent end state, a verified chain", async () => {
    const { cast, model, uat, deployable, requests } = await setup({ uat: 40, deployment: 40 });
    const outcomes: Outcome[] = await Promise.all(
      requests.flatMap((requestId, i) => [
        callRoute(decide, {
          method: "POST",
          token: (i % 2 ? cast.it2 : cast.it).token,
          params: { requestId },
          body: { decision: "APPROVE", comment: "ok" },
        }).then((r) => ({ op: "approve", status: r.status, body: r.json })),
        callRoute(recordDeployment, {
          method: "POST",
          token: cast.it.token,
          params: { modelId: model.id },
          body: { versionId: deployable[i]!.id, environment: "staging", reason: `pair ${i}` },
        }).then((r) => ({
          op: "deploy",
          status: r.status,
          body: r.json,
        })),
      ]),
    );
    expectNo5xx(outcomes);
    expect(outcomes.filter((o) => o.op === "approve").map((o) => o.status)).toEqual(Array(40).fill(200));
    expect(outcomes.filter((o) => o.op === "deploy").map((o) => o.status)).toEqual(Array(40).fill(201));

    const applied = await db.prisma.transitionRequest.count({ where: { id: { in: requests }, status: "APPLIED" } });
    expect(applied).toBe(40);
    expect(
      await db.prisma.modelVersion.count({
        where: { id: { in: uat.map((v) => v.id) }, stage: "DEPLOYMENT", status: "READY" },
      }),
    ).toBe(40);
    const staging = await db.prisma.deployment.groupBy({
      by: ["status"],
      where: { modelId: model.id, environment: { name: "staging" } },
      _count: { _all: true },
    });
    expect(Object.fromEntries(staging.map((s) => [s.status, s._count._all]))).toEqual({ ACTIVE: 1, SUPERSEDED: 39 });
    expect(await auditCounts(model.id, ["approval.approved", "version.stage_changed", "deployment.recorded"])).toEqual({
      "approval.approved": 40,
      "version.stage_changed": 40,
      "deployment.recorded": 40,
    });
    await drainAuditEvents();
    expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, pending: 0 });
  });

  it("a 30-second mixed storm from 16 clients: approvals, deployments, handoffs, rollbacks, alert acknowledgements, ingestion", async () => {
    const { cast, model, requests, live } = await setup({ uat: 120, deployment: 0 });
    await createTestAlertRule(db.prisma, model.id, {
      kind: "METRIC_THRESHOLD",
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
      severity: "CRITICAL",
    });
    const ACTIONS = [
      "approval.approved",
      "deployment.recorded",
      "handoff.proposed",
      "handoff.accepted",
      "deployment.rolled_back",
      "alert.acknowledged",
    ];
    const before = await auditCounts(model.id, ACTIONS);
    const deployable: string[] = [];
    const queue = [...requests];
    const outcomes: Outcome[] = [];
    const record = (op: string, r: { status: number; json: unknown }) => {
      outcomes.push({ op, status: r.status, body: r.json });
      return r;
    };
    const liveVersion = async () =>
      (
        await db.prisma.deployment.findFirst({
          where: { modelId: model.id, status: "ACTIVE", environment: { name: "production" } },
          select: { versionId: true },
        })
      )?.versionId ?? live.id;

    const ops: Record<string, () => Promise<void>> = {
      approve: async () => {
        const requestId = queue.shift();
        if (!requestId) return;
        const r = record(
          "approve",
          await callRoute(decide, {
            method: "POST",
            token: cast.it2.token,
            params: { requestId },
            body: { decision: "APPROVE", comment: "ok" },
          }),
        );
        if (r.status === 200) deployable.push((r.json as { versionId: string }).versionId);
      },
      deploy: async () => {
        const versionId = deployable.shift();
        if (!versionId) return;
        const environment = deployable.length % 2 ? "staging" : "production";
        record(
          "deploy",
          await callRoute(recordDeployment, {
            method: "POST",
            token: cast.admin.token,
            params: { modelId: model.id },
            body: { versionId, environment, reason: "storm" },
          }),
        );
      },
      handoff: async () => {
        const to = Math.random() < 0.5 ? cast.it : cast.it2;
        const p = record(
          "propose",
          await callRoute(proposeHandoff, {
            method: "POST",
            token: cast.ds.token,
            params: { modelId: model.id },
            body: { direction: "DS_TO_IT", toUserId: to.user.id, checklist: CHECKLIST, message: "" },
          }),
        );
        if (p.status === 201)
          record(
            "accept",
            await callRoute(acceptHandoff, {
              method: "POST",
              token: to.token,
              params: { handoffId: (p.json as { id: string }).id },
              body: { note: "" },
            }),
          );
      },
      rollback: async () => {
        record(
          "rollback",
          await callRoute(rollback, {
            method: "POST",
            token: cast.admin.token,
            params: { modelId: model.id },
            body: { reason: "storm rollback" },
          }),
        );
      },
      ack: async () => {
        const open = await callRoute(listAlerts, {
          token: cast.it.token,
          path: `/api/v1/alerts?status=OPEN&modelId=${model.id}`,
        });
        const alert = (open.json as { items?: { id: string }[] }).items?.[0];
        if (alert)
          record(
            "ack",
            await callRoute(acknowledge, {
              method: "POST",
              token: cast.it.token,
              params: { alertId: alert.id },
              body: { note: "looking" },
            }),
          );
      },
      ingest: async () => {
        const versionId = await liveVersion();
        const t = Date.now();
        const points = Array.from({ length: 50 }, (_, i) => ({
          name: "auc",
          value: 0.5 + (i % 3) * 0.01,
          timestamp: new Date(t - i * 60_000).toISOString(),
        }));
        record(
          "ingest",
          await callRoute(ingestMetrics, {
            method: "POST",
            token: cast.it.token,
            params: { versionId },
            body: { points },
          }),
        );
      },
    };
    const names = Object.keys(ops);
    const deadline = Date.now() + 30_000;
    await Promise.all(
      Array.from({ length: 16 }, async (_, client) => {
        for (let i = client; Date.now() < deadline; i++) await ops[names[i % names.length]!]!();
      }),
    );

    expectNo5xx(outcomes);
    const ok = (op: string, status: number) => outcomes.filter((o) => o.op === op && o.status === status).length;
    // Each kind of write happened, and each 2xx left exactly one audit event of its action (no more, no less).
    for (const op of ["approve", "deploy", "propose", "accept", "ingest"])
      expect(
        outcomes.some((o) => o.op === op && o.status < 300),
        op,
      ).toBe(true);
    const after = await auditCounts(model.id, ACTIONS);
    const delta = Object.fromEntries(ACTIONS.map((a) => [a, after[a]! - before[a]!]));
    expect(delta).toEqual({
      "approval.approved": ok("approve", 200),
      "deployment.recorded": ok("deploy", 201),
      "handoff.proposed": ok("propose", 201),
      "handoff.accepted": ok("accept", 200),
      "deployment.rolled_back": ok("rollback", 200),
      "alert.acknowledged": ok("ack", 200),
    });
    // One live version per environment, one MONITORING version, whatever the interleaving.
    const active = await db.prisma.deployment.groupBy({
      by: ["environmentId"],
      where: { modelId: model.id, status: "ACTIVE" },
      _count: { _all: true },
    });
    for (const a of active) expect(a._count._all).toBe(1);
    expect(
      await db.prisma.modelVersion.count({ where: { modelId: model.id, stage: "MONITORING" } }),
    ).toBeLessThanOrEqual(1);
    await drainAuditEvents();
    expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, pending: 0 });
    console.log(
      `storm: ${outcomes.length} writes`,
      Object.fromEntries(names.map((n) => [n, outcomes.filter((o) => o.op === n).length])),
    );
  }, 120_000);
});
