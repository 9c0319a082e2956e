import { describe, expect, it } from "vitest";
import { ZListRetrainingRequestsResponse, ZRetrainingRequest } from "@/lib/schemas/retraining";
import { evaluateModelAlerts } from "@/lib/server/alerts/evaluate-alert-rules";
import {
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  createTestToken,
  createTestUser,
  insertTestMetrics,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as registerVersion } from "../models/[modelId]/versions/route";
import { PATCH as patchRequest } from "./[retrainingId]/route";
import { GET as listRequests } from "./route";

const db = useTestDatabase();
const HOUR = 3_600_000;
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR);

/** A live model with a retrain rule on AUC over 24 h; `auc(hoursAgo)` gives the hourly series. */
async function setup(auc: (hoursAgo: number) => number, hours = 48) {
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: cast.it.user.id,
    versions: [{ stage: "MONITORING", production: true }],
  });
  await db.prisma.deployment.updateMany({
    where: { modelId: model.id },
    data: { deployedAt: new Date(NOW.getTime() - 30 * 24 * HOUR) },
  });
  const rule = await createTestAlertRule(db.prisma, model.id, {
    kind: "METRIC_THRESHOLD",
    config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
    severity: "CRITICAL",
    retrain: true,
    name: "AUC decay",
  });
  await insertTestMetrics(
    db.prisma,
    versions[0]!.id,
    Array.from({ length: hours }, (_, h) => ({ name: "auc", value: auc(h), ts: new Date(NOW.getTime() - h * HOUR) })),
  );
  return { cast, model, version: versions[0]!, rule };
}

const evaluate = (modelId: string, now = NOW) =>
  db.prisma.$transaction((tx) => evaluateModelAlerts(tx, { modelId, now }));
const requestsOf = (modelId: string) => db.prisma.retrainingRequest.findMany({ where: { modelId } });

describe("retraining requests", () => {
  it("opens once, with the evidence, when a retrain rule stays violated over two consecutive windows", async () => {
    const { model, rule } = await setup(() => 0.7);
    expect((await evaluate(model.id)).retrainingRequested).toBe(1);
    const [request] = await requestsOf(model.id);
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { ruleId: rule.id } });
    expect(request).toMatchObject({ status: "OPEN", alertId: alert.id, assigneeId: null });
    expect(request!.evidence).toMatchObject({
      rule: { id: rule.id, name: "AUC decay", summary: "auc < 0.75 over 24 h" },
      version: { number: 1 },
      streak: 2,
      periods: [{ avg: expect.closeTo(0.7, 9) }, { avg: expect.closeTo(0.7, 9) }],
    });
    const events = await db.prisma.outboxEvent.findMany({
      where: { type: "retraining.requested", payload: { path: ["data", "modelId"], equals: model.id } },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      data: { retrainingRequestId: request!.id, modelSlug: model.slug, evidence: { streak: 2 } },
    });
    expect(await db.prisma.auditEvent.count({ where: { entityId: request!.id, action: "retraining.requested" } })).toBe(
      1,
    );
    // Later evaluations add nothing.
    expect((await evaluate(model.id, new Date(NOW.getTime() + HOUR))).retrainingRequested).toBe(0);
    expect(await requestsOf(model.id)).toHaveLength(1);
  });

  it("opens an alert but no request for a one-window dip; a request once the alert has stayed open 24 h", async () => {
    const { model, version } = await setup((h) => (h < 24 ? 0.7 : 0.85));
    const first = await evaluate(model.id);
    expect([first.opened, first.retrainingRequested]).toEqual([1, 0]);
    // A day later the AUC is still bad: the alert has been open 24 h.
    const later = new Date(NOW.getTime() + 24 * HOUR);
    await insertTestMetrics(
      db.prisma,
      version.id,
      Array.from({ length: 24 }, (_, h) => ({ name: "auc", value: 0.72, ts: new Date(later.getTime() - h * HOUR) })),
    );
    expect((await evaluate(model.id, later)).retrainingRequested).toBe(1);
  });

  it("does nothing for a rule not marked retrain", async () => {
    const { model, rule } = await setup(() => 0.6);
    await db.prisma.alertRule.update({ where: { id: rule.id }, data: { retrain: false } });
    expect(await evaluate(model.id)).toMatchObject({ opened: 1, retrainingRequested: 0 });
  });

  it("links the next version registered for the model and shows it on the request", async () => {
    const { cast, model } = await setup(() => 0.7);
    await evaluate(model.id);
    const v = await callRoute(registerVersion, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.id },
      body: {
        artifactUri: "s3://b/m.pkl",
        framework: "xgboost",
        gitCommit: "abc1234",
        trainingDataset: "s3://lake/t.parquet",
        metrics: { auc: 0.9 },
        featureSchema: [{ name: "x", type: "numeric" }],
      },
    });
    expect(v.status).toBe(201);
    const list = await callRoute(listRequests, {
      token: cast.manager.token,
      path: `/api/v1/retraining-requests?modelId=${model.slug}`,
    });
    expect(list.status).toBe(200);
    const [item] = ZListRetrainingRequestsResponse.parse(list.json).items;
    expect(item).toMatchObject({
      status: "IN_PROGRESS",
      linkedVersion: { id: v.json.id, number: 2, stage: "DESIGN" },
      model: { slug: model.slug },
    });
  });

  it("is assigned and moved by the people who operate the model; final states stay final", async () => {
    const { cast, model } = await setup(() => 0.7);
    await evaluate(model.id);
    const [request] = await requestsOf(model.id);
    const patch = (token: string | undefined, body: unknown, id = request!.id) =>
      callRoute(patchRequest, { method: "PATCH", token, params: { retrainingId: id }, body });

    const assigned = await patch(cast.it.token, {
      assigneeId: cast.ds.user.id,
      note: "Alice's team retrains on Q4 data",
    });
    expect(assigned.status).toBe(200);
    expect(ZRetrainingRequest.parse(assigned.json)).toMatchObject({
      status: "IN_PROGRESS",
      assignee: { id: cast.ds.user.id },
    });
    const filtered = ZListRetrainingRequestsResponse.parse(
      (
        await callRoute(listRequests, {
          token: cast.ds.token,
          path: `/api/v1/retraining-requests?assigneeId=${cast.ds.user.id}&status=IN_PROGRESS`,
        })
      ).json,
    );
    expect(filtered.items.map((r) => r.id)).toEqual([request!.id]);
    expect((await patch(cast.ds.token, { status: "OPEN" })).status).toBe(409);
    expect(ZRetrainingRequest.parse((await patch(cast.ds.token, { status: "DONE" })).json).status).toBe("DONE");
    expect((await patch(cast.ds.token, { status: "CANCELLED" })).status).toBe(409);
    expect((await patch(cast.ds.token, { assigneeId: cast.ds2.user.id })).status).toBe(409);
    expect(await db.prisma.auditEvent.count({ where: { entityId: request!.id, action: "retraining.updated" } })).toBe(
      2,
    );
  });

  it("refuses outsiders, managers, read-only tokens, inactive assignees and bad input, changing nothing", async () => {
    const { cast, model } = await setup(() => 0.7);
    await evaluate(model.id);
    const [request] = await requestsOf(model.id);
    const patch = (token: string | undefined, body: unknown, id = request!.id) =>
      callRoute(patchRequest, { method: "PATCH", token, params: { retrainingId: id }, body });
    expect((await patch(undefined, { status: "DONE" })).status).toBe(401);
    expect((await patch(cast.manager.token, { status: "DONE" })).status).toBe(403);
    expect((await patch(cast.outsider.token, { status: "DONE" })).status).toBe(403);
    expect((await patch(await createTestToken(db.prisma, cast.ds.user.id, ["read"]), { status: "DONE" })).status).toBe(
      403,
    );
    expect((await patch(cast.ds.token, { status: "DONE" }, "nope")).status).toBe(404);
    const gone = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], active: false });
    const inactive = await patch(cast.ds.token, { assigneeId: gone.user.id });
    expect(inactive.status).toBe(422);
    expect(inactive.json.errors[0].path).toBe("assigneeId");
    const badStatus = await patch(cast.ds.token, { status: "FINISHED" });
    expect(badStatus.json.errors[0].path).toBe("status");
    expect((await patch(cast.ds.token, {})).status).toBe(422);
    expect((await patch(cast.ds.token, { status: "DONE", color: "red" })).json.errors[0].path).toBe("color");
    expect(await db.prisma.retrainingRequest.findUniqueOrThrow({ where: { id: request!.id } })).toMatchObject({
      status: "OPEN",
      assigneeId: null,
    });
    expect((await callRoute(listRequests, { path: "/api/v1/retraining-requests" })).status).toBe(401);
    expect(
      (await callRoute(listRequests, { token: cast.ds.token, path: "/api/v1/retraining-requests?status=SOON" })).json
        .errors[0].path,
    ).toBe("query.status");
  });
});
