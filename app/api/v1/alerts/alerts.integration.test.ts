import { beforeAll, describe, expect, it } from "vitest";
import { ZAlert, ZAlertRule, ZListAlertRulesResponse, ZListAlertsResponse } from "@/lib/schemas/alerts";
import { evaluateModelAlerts } from "@/lib/server/alerts/evaluate-alert-rules";
import { evaluateAlertsOnSchedule } from "@/lib/server/alerts/evaluate-alerts-on-schedule";
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
import { PATCH as patchRule } from "../alert-rules/[ruleId]/route";
import { GET as listRules, POST as createRule } from "../models/[modelId]/alert-rules/route";
import { POST as ingestMetrics } from "../versions/[versionId]/metrics/route";
import { POST as postReference } from "../versions/[versionId]/reference/route";
import { POST as postSamples } from "../versions/[versionId]/samples/route";
import { POST as acknowledge } from "./[alertId]/acknowledge/route";
import { GET as listAlerts } from "./route";

const db = useTestDatabase();
// Data is accepted for known environments only (issue 16): the staging cases need it to exist.
beforeAll(async () => {
  await db.prisma.environment.upsert({ where: { name: "staging" }, create: { name: "staging" }, update: {} });
});
const HOUR = 3_600_000;
const AUC_RULE = {
  kind: "METRIC_THRESHOLD",
  config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
} as const;

/** A model whose v1 is live in production, IT-owned by cast.it. */
async function setup() {
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: cast.it.user.id,
    versions: [{ stage: "MONITORING", production: true }],
  });
  return { cast, model, version: versions[0]! };
}

const auc = (value: number, hoursAgo = 0, environment = "production") => ({
  name: "auc",
  value,
  timestamp: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
  environment,
});
const send = (token: string, versionId: string, points: unknown[]) =>
  callRoute(ingestMetrics, { method: "POST", token, params: { versionId }, body: { points } });
const alertsOf = (ruleId: string) => db.prisma.alert.findMany({ where: { ruleId }, orderBy: { openedAt: "asc" } });
const outbox = (type: string, alertId: string) =>
  db.prisma.outboxEvent.count({ where: { type, payload: { path: ["data", "alertId"], equals: alertId } } });

describe("alert rules", () => {
  it("lets the model's data scientists and IT add rules and lists them with their alert state", async () => {
    const { cast, model } = await setup();
    const r = await callRoute(createRule, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.slug },
      body: { name: "AUC below 0.75", ...AUC_RULE, severity: "CRITICAL", retrain: true },
    });
    expect(r.status).toBe(201);
    expect(ZAlertRule.parse(r.json)).toMatchObject({
      kind: "METRIC_THRESHOLD",
      summary: "auc < 0.75 over 24 h",
      severity: "CRITICAL",
      retrain: true,
      enabled: true,
      version: null,
      alert: null,
    });
    const latency = await callRoute(createRule, {
      method: "POST",
      token: cast.it.token,
      params: { modelId: model.id },
      body: { name: "Slow", kind: "LATENCY", config: { op: ">", value: 250, windowHours: 1 } },
    });
    expect(latency.status).toBe(201);
    expect(ZAlertRule.parse(latency.json).config).toEqual({
      metric: "latency_p95_ms",
      op: ">",
      value: 250,
      windowHours: 1,
    });
    const list = await callRoute(listRules, { token: cast.manager.token, params: { modelId: model.id } });
    expect(ZListAlertRulesResponse.parse(list.json).items.map((x) => x.name)).toEqual(["AUC below 0.75", "Slow"]);
    expect(await db.prisma.auditEvent.count({ where: { action: "alert_rule.created", modelId: model.id } })).toBe(2);
    expect((await callRoute(listRules, { token: cast.ds.token, params: { modelId: "nope" } })).status).toBe(404);
    expect((await callRoute(listRules, { params: { modelId: model.id } })).status).toBe(401);
  });

  it("refuses managers, other teams' data scientists, read-only tokens and bad configs, writing nothing", async () => {
    const { cast, model } = await setup();
    const body = { name: "AUC", ...AUC_RULE };
    const post = (token: string | undefined, b: unknown = body) =>
      callRoute(createRule, { method: "POST", token, params: { modelId: model.id }, body: b });
    expect((await post(undefined)).status).toBe(401);
    expect((await post(cast.manager.token)).status).toBe(403);
    expect((await post(cast.outsider.token)).status).toBe(403);
    expect((await post(await createTestToken(db.prisma, cast.ds.user.id, ["read"]))).status).toBe(403);
    const window = await post(cast.ds.token, {
      name: "AUC",
      kind: "METRIC_THRESHOLD",
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 0 },
    });
    expect(window.status).toBe(422);
    expect(window.json.errors.map((e: { path: string }) => e.path)).toEqual(["config.windowHours"]);
    const kind = await post(cast.ds.token, { name: "AUC", kind: "PSYCHIC", config: {} });
    expect(kind.json.errors[0].path).toBe("kind");
    const quality = await post(cast.ds.token, { name: "Q", kind: "DATA_QUALITY", config: { feature: "x" } });
    expect(quality.json.errors[0].path).toBe("config.maxMissingRate");
    const other = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "DESIGN" }],
    });
    const foreign = await post(cast.ds.token, { ...body, versionId: other.versions[0]!.id });
    expect(foreign.status).toBe(422);
    expect(foreign.json.errors[0].path).toBe("versionId");
    expect(await db.prisma.alertRule.count({ where: { modelId: model.id } })).toBe(0);
  });
});

describe("alerts", () => {
  it("opens once when ingested data crosses the rule, stays open without duplicates, and resolves itself when the data recovers", async () => {
    const { cast, model, version } = await setup();
    const rule = await createTestAlertRule(db.prisma, model.id, { ...AUC_RULE, severity: "CRITICAL" });
    expect((await send(cast.it.token, version.id, [auc(0.7, 2), auc(0.72, 1)])).status).toBe(201);
    let alerts = await alertsOf(rule.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "OPEN", severity: "CRITICAL", versionId: version.id, modelId: model.id });
    expect(alerts[0]!.message).toBe("v1: auc averaged 0.710 over the last 24 h (rule: < 0.75).");
    expect(alerts[0]!.evidence).toMatchObject({
      summary: "auc < 0.75 over 24 h",
      value: 0.71,
      periods: [{ avg: 0.71, count: 2 }],
    });
    expect(await outbox("alert.opened", alerts[0]!.id)).toBe(1);

    await send(cast.it.token, version.id, [auc(0.69)]);
    expect(await alertsOf(rule.id)).toHaveLength(1);
    // Data from staging changes no production alert.
    await send(
      cast.it.token,
      version.id,
      Array.from({ length: 20 }, () => auc(0.99, 0, "staging")),
    );
    expect((await alertsOf(rule.id))[0]!.status).toBe("OPEN");

    await send(
      cast.it.token,
      version.id,
      Array.from({ length: 20 }, () => auc(0.9)),
    );
    alerts = await alertsOf(rule.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "RESOLVED" });
    expect(alerts[0]!.resolution).toMatch(/^Condition cleared: auc averaged 0\.8\d\d over the last 24 h/);
    expect(await outbox("alert.resolved", alerts[0]!.id)).toBe(1);
    expect(
      await db.prisma.auditEvent.count({
        where: { entityId: alerts[0]!.id, action: { in: ["alert.opened", "alert.resolved"] } },
      }),
    ).toBe(2);

    // A new violation opens a new alert: the resolved one stays in the record.
    await send(
      cast.it.token,
      version.id,
      Array.from({ length: 100 }, () => auc(0.1)),
    );
    expect((await alertsOf(rule.id)).map((a) => a.status)).toEqual(["RESOLVED", "OPEN"]);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("is acknowledged with a note by IT, then still resolves itself", async () => {
    const { cast, model, version } = await setup();
    const rule = await createTestAlertRule(db.prisma, model.id, AUC_RULE);
    await send(cast.it.token, version.id, [auc(0.5)]);
    const [alert] = await alertsOf(rule.id);
    const ack = (token: string | undefined, body: unknown, alertId = alert!.id) =>
      callRoute(acknowledge, { method: "POST", token, params: { alertId }, body });

    expect((await ack(undefined, { note: "x" })).status).toBe(401);
    expect((await ack(cast.ds.token, { note: "x" })).status).toBe(403);
    expect((await ack(cast.manager.token, { note: "x" })).status).toBe(403);
    const empty = await ack(cast.it.token, { note: "  " });
    expect(empty.status).toBe(422);
    expect(empty.json.errors[0].path).toBe("note");
    expect((await ack(cast.it.token, { note: "x" }, "no-such-alert")).status).toBe(404);
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: alert!.id } })).status).toBe("OPEN");

    const ok = await ack(cast.it2.token, { note: "Looking at the upstream feed" });
    expect(ok.status).toBe(200);
    expect(ZAlert.parse(ok.json)).toMatchObject({
      status: "ACKNOWLEDGED",
      ackNote: "Looking at the upstream feed",
      acknowledgedBy: { id: cast.it2.user.id },
      version: { number: 1 },
      model: { slug: model.slug },
    });
    expect((await ack(cast.it.token, { note: "again" })).status).toBe(409);
    expect(await db.prisma.auditEvent.count({ where: { entityId: alert!.id, action: "alert.acknowledged" } })).toBe(1);

    await send(
      cast.it.token,
      version.id,
      Array.from({ length: 30 }, () => auc(0.95)),
    );
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: alert!.id } })).status).toBe("RESOLVED");
    expect((await ack(cast.it.token, { note: "late" })).status).toBe(409);
  });

  it("never holds two unresolved alerts for one rule when evaluations race", async () => {
    const { cast, model, version } = await setup();
    const rule = await createTestAlertRule(db.prisma, model.id, AUC_RULE);
    await insertTestMetrics(db.prisma, version.id, [{ name: "auc", value: 0.5, ts: new Date(Date.now() - HOUR) }]);
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        db.prisma.$transaction((tx) => evaluateModelAlerts(tx, { modelId: model.id, now })),
      ),
    );
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(1);
    const [only] = await alertsOf(rule.id);
    // Only the transaction whose insert took effect audits it and emits the webhook.
    expect(await outbox("alert.opened", only!.id)).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { entityId: only!.id, action: "alert.opened" } })).toBe(1);
    // Two ingestions at once, each evaluating in its own transaction.
    await Promise.all([send(cast.it.token, version.id, [auc(0.4)]), send(cast.it2.token, version.id, [auc(0.45)])]);
    expect(await db.prisma.alert.count({ where: { ruleId: rule.id } })).toBe(1);
  });

  it("opens a staleness alert on the schedule after N hours without data, and resolves it when data arrives", async () => {
    const { cast, model, version } = await setup();
    await db.prisma.deployment.updateMany({
      where: { versionId: version.id },
      data: { deployedAt: new Date(Date.now() - 48 * HOUR) },
    });
    const rule = await createTestAlertRule(db.prisma, model.id, { kind: "STALENESS", config: { hours: 6 } });
    await insertTestMetrics(db.prisma, version.id, [
      { name: "requests", value: 10, ts: new Date(Date.now() - 8 * HOUR) },
    ]);
    const summary = await evaluateAlertsOnSchedule();
    expect(summary.opened).toBeGreaterThanOrEqual(1);
    const [stale] = await alertsOf(rule.id);
    expect(stale).toMatchObject({ status: "OPEN" });
    expect(stale!.message).toBe("v1: Stale: last production data 8 h ago (rule: 6 h).");
    expect((await evaluateAlertsOnSchedule()).opened).toBe(0);
    await send(cast.it.token, version.id, [{ name: "requests", value: 12, timestamp: new Date().toISOString() }]);
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: stale!.id } })).status).toBe("RESOLVED");
  });

  it("opens a dataset-drift alert after a drifted window is ingested", async () => {
    const { cast, model, version } = await setup();
    await db.prisma.modelVersion.update({
      where: { id: version.id },
      data: {
        featureSchema: [
          { name: "x", type: "numeric" },
          { name: "y", type: "numeric" },
        ],
      },
    });
    const rule = await createTestAlertRule(db.prisma, model.id, { kind: "DATASET_DRIFT", config: { share: 0.5 } });
    const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
    expect(
      (
        await callRoute(postReference, {
          method: "POST",
          token: cast.it.token,
          params: { versionId: version.id },
          body: { columns: { x: seq(300, (i) => i % 100), y: seq(300, (i) => (i * 7) % 50) } },
        })
      ).status,
    ).toBe(201);
    const same = await callRoute(postSamples, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: version.id },
      body: { columns: { x: seq(300, (i) => (i + 1) % 100), y: seq(300, (i) => (i * 7 + 1) % 50) } },
    });
    expect(same.status).toBe(201);
    expect(await alertsOf(rule.id)).toHaveLength(0);
    const shifted = await callRoute(postSamples, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: version.id },
      body: { columns: { x: seq(300, (i) => 500 + i), y: seq(300, (i) => 300 + i) } },
    });
    expect(shifted.status).toBe(201);
    const [alert] = await alertsOf(rule.id);
    expect(alert).toMatchObject({ status: "OPEN" });
    expect(alert!.message).toContain("100% of the features drifted (rule: ≥ 50%)");
  });

  it("resolves a rule's alert when the rule is disabled, and validates changes against the rule's kind", async () => {
    const { cast, model, version } = await setup();
    const rule = await createTestAlertRule(db.prisma, model.id, AUC_RULE);
    await send(cast.it.token, version.id, [auc(0.5)]);
    const patch = (token: string | undefined, body: unknown, ruleId = rule.id) =>
      callRoute(patchRule, { method: "PATCH", token, params: { ruleId }, body });
    expect((await patch(undefined, { enabled: false })).status).toBe(401);
    expect((await patch(cast.manager.token, { enabled: false })).status).toBe(403);
    expect((await patch(cast.outsider.token, { enabled: false })).status).toBe(403);
    expect((await patch(cast.ds.token, { enabled: false }, "nope")).status).toBe(404);
    const bad = await patch(cast.ds.token, { config: { metric: "auc", op: "<", value: "high", windowHours: 24 } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(["config.value"]);
    expect((await patch(cast.ds.token, {})).status).toBe(422);
    expect((await alertsOf(rule.id))[0]!.status).toBe("OPEN");

    const off = await patch(cast.it.token, { enabled: false });
    expect(off.status).toBe(200);
    expect(ZAlertRule.parse(off.json)).toMatchObject({ enabled: false, alert: null });
    expect((await alertsOf(rule.id))[0]).toMatchObject({ status: "RESOLVED", resolution: "The rule was disabled." });
    // Re-enabled with a looser threshold: nothing to alert about.
    const on = ZAlertRule.parse(
      (await patch(cast.ds.token, { enabled: true, config: { metric: "auc", op: "<", value: 0.4, windowHours: 24 } }))
        .json,
    );
    expect(on).toMatchObject({ enabled: true, alert: null, summary: "auc < 0.4 over 24 h" });
    expect(await db.prisma.auditEvent.count({ where: { entityId: rule.id, action: "alert_rule.updated" } })).toBe(2);
  });

  it("lists alerts with filters for every reader; refuses bad filters", async () => {
    const { cast, model, version } = await setup();
    const critical = await createTestAlertRule(db.prisma, model.id, { ...AUC_RULE, severity: "CRITICAL" });
    await createTestAlertRule(db.prisma, model.id, {
      kind: "LATENCY",
      config: { metric: "latency_p95_ms", op: ">", value: 250, windowHours: 1 },
    });
    await send(cast.it.token, version.id, [
      auc(0.5),
      { name: "latency_p95_ms", value: 900, timestamp: new Date().toISOString() },
    ]);
    const list = async (query: string, token = cast.manager.token) => {
      const r = await callRoute(listAlerts, { token, path: `/api/v1/alerts?${query}` });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return ZListAlertsResponse.parse(r.json).items;
    };
    expect((await list(`modelId=${model.id}`)).map((a) => a.rule.kind).sort()).toEqual(["LATENCY", "METRIC_THRESHOLD"]);
    expect((await list(`modelId=${model.slug}&severity=CRITICAL`)).map((a) => a.rule.id)).toEqual([critical.id]);
    expect((await list(`modelId=${model.id}&kind=LATENCY&status=UNRESOLVED`)).map((a) => a.rule.kind)).toEqual([
      "LATENCY",
    ]);
    expect(await list(`modelId=${model.id}&status=RESOLVED`)).toEqual([]);
    const page = ZListAlertsResponse.parse(
      (await callRoute(listAlerts, { token: cast.ds.token, path: `/api/v1/alerts?modelId=${model.id}&limit=1` })).json,
    );
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const bad = await callRoute(listAlerts, { token: cast.ds.token, path: "/api/v1/alerts?status=SLEEPING" });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("query.status");
    expect((await callRoute(listAlerts, { path: "/api/v1/alerts" })).status).toBe(401);
    expect((await callRoute(listAlerts, { token: cast.ds.token, path: "/api/v1/alerts?modelId=nope" })).status).toBe(
      404,
    );
  });
});
