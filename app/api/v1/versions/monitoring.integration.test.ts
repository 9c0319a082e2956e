import { beforeAll, describe, expect, it } from "vitest";
import { categoricalDrift, numericDrift } from "@/lib/domain/drift";
import { ZProblem } from "@/lib/schemas/common";
import {
  ZIngestMetricsResponse,
  ZDriftPreviewResponse,
  ZIngestWindowResponse,
  ZListWindowsResponse,
  ZReferenceSummary,
  ZRegisterReferenceResponse,
} from "@/lib/schemas/monitoring";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { callRoute, createCast, createTestToken, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as registerVersion } from "../models/[modelId]/versions/route";
import { POST as createModel } from "../models/route";
import { POST as reportCheck } from "./[versionId]/checks/route";
import { POST as ingestMetrics } from "./[versionId]/metrics/route";
import { GET as getReference, POST as postReference } from "./[versionId]/reference/route";
import { POST as postSamples } from "./[versionId]/samples/route";
import { POST as previewDrift } from "./[versionId]/drift-preview/route";
import { POST as requestTransition } from "./[versionId]/transitions/route";
import { GET as listWindows } from "./[versionId]/windows/route";

const db = useTestDatabase();
// Data is accepted for known environments only (issue 16): the staging cases need it to exist.
beforeAll(async () => {
  await db.prisma.environment.upsert({ where: { name: "staging" }, create: { name: "staging" }, update: {} });
});
type Cast = Awaited<ReturnType<typeof createCast>>;

const FEATURES = [
  { name: "income", type: "numeric", min: 0, max: 1000 },
  { name: "segment", type: "categorical", categories: ["a", "b", "c"] },
  { name: "tenure", type: "numeric", nullable: true },
];

const seq = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

/** 400 reference rows: income 0–399, segment a/b/c, tenure 0–19, scores and labels that agree. */
const REFERENCE = {
  columns: { income: seq(400, (i) => i), segment: seq(400, (i) => "abc"[i % 3]!), tenure: seq(400, (i) => i % 20) },
  prediction: seq(400, (i) => (i % 100) / 100),
  label: seq(400, (i) => (i % 100 >= 50 ? 1 : 0)),
};

async function setup(cast?: Cast) {
  await seedDefaultPolicies(db.prisma);
  cast ??= await createCast(db.prisma);
  const m = await callRoute(createModel, {
    method: "POST",
    token: cast.ds.token,
    body: {
      slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
      title: "M",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: cast.team.id,
    },
  });
  expect(m.status).toBe(201);
  const v = await callRoute(registerVersion, {
    method: "POST",
    token: cast.ds.token,
    params: { modelId: m.json.id },
    body: {
      artifactUri: "s3://b/m.pkl",
      framework: "xgboost",
      gitCommit: "abcdef1",
      trainingDataset: "s3://lake/t.parquet",
      metrics: { auc: 0.9 },
      featureSchema: FEATURES,
    },
  });
  expect(v.status).toBe(201);
  return { cast, modelId: m.json.id as string, versionId: v.json.id as string };
}

const HOUR = 3_600_000;
const point = (i: number, extra: Record<string, unknown> = {}) => ({
  name: "latency_p95_ms",
  value: 100 + i,
  timestamp: new Date(Date.now() - (i % 48) * HOUR).toISOString(),
  ...extra,
});
const sendMetrics = (token: string | undefined, versionId: string, points: unknown[], key?: string) =>
  callRoute(ingestMetrics, {
    method: "POST",
    token,
    params: { versionId },
    body: { points },
    headers: key ? { "idempotency-key": key } : {},
  });
const sendReference = (token: string, versionId: string, body: unknown, key?: string) =>
  callRoute(postReference, {
    method: "POST",
    token,
    params: { versionId },
    body,
    headers: key ? { "idempotency-key": key } : {},
  });
const sendCsv = (route: typeof postReference, token: string, versionId: string, csv: string, path = "/") =>
  callRoute(route, { method: "POST", token, params: { versionId }, rawBody: csv, contentType: "text/csv", path });
const sendSamples = (token: string, versionId: string, body: unknown, opts: { key?: string; path?: string } = {}) =>
  callRoute(postSamples, {
    method: "POST",
    token,
    params: { versionId },
    body,
    path: opts.path ?? "/",
    headers: opts.key ? { "idempotency-key": opts.key } : {},
  });
const pointCount = (versionId: string) => db.prisma.metricPoint.count({ where: { versionId } });

describe("POST /versions/{id}/metrics", () => {
  it("stores a batch and answers with the count", async () => {
    const { cast, versionId } = await setup();
    const measured = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000 + 123);
    const at = new Date(measured.getTime() + 3_600_000).toISOString().replace("Z", "+01:00"); // same instant, another offset
    const r = await sendMetrics(cast.ds.token, versionId, [
      point(0),
      point(1, { environment: "staging" }),
      { name: "auc", value: 0.1 + 0.2, timestamp: at },
    ]);
    expect(r.status).toBe(201);
    expect(ZIngestMetricsResponse.parse(r.json)).toEqual({ accepted: 3, duplicate: false });
    const rows = await db.prisma.metricPoint.findMany({ where: { versionId }, orderBy: { value: "asc" } });
    expect(rows.map((p) => [p.name, p.value, p.environment])).toEqual([
      ["auc", 0.30000000000000004, "production"], // stored bit for bit
      ["latency_p95_ms", 100, "production"],
      ["latency_p95_ms", 101, "staging"],
    ]);
    expect(rows[0]!.ts.toISOString()).toBe(measured.toISOString());
  });

  it("refuses 10,001 points, naming `points`, and stores nothing", async () => {
    const { cast, versionId } = await setup();
    const r = await sendMetrics(
      cast.ds.token,
      versionId,
      seq(10_001, (i) => point(i)),
    );
    expect(r.status).toBe(422);
    expect(ZProblem.parse(r.json).errors).toEqual([
      { path: "points", message: "Send at most 10000 points per batch." },
    ]);
    expect(await pointCount(versionId)).toBe(0);
  });

  it("refuses a batch with one bad row, naming points.17.value, and stores none of it", async () => {
    const { cast, versionId } = await setup();
    const points: unknown[] = seq(30, (i) => point(i));
    points[17] = point(17, { value: "fast" });
    const r = await sendMetrics(cast.ds.token, versionId, points);
    expect(r.status).toBe(422);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(ZProblem.parse(r.json).errors.map((e) => e.path)).toEqual(["points.17.value"]);
    expect(await pointCount(versionId)).toBe(0);
  });

  it("refuses timestamps older than 400 days or more than a day ahead, with their index", async () => {
    const { cast, versionId } = await setup();
    const r = await sendMetrics(cast.ds.token, versionId, [
      point(0),
      point(1, { timestamp: "2020-01-01T00:00:00Z" }),
      point(2, { timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
    ]);
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["points.1.timestamp", "points.2.timestamp"]);
    expect(await pointCount(versionId)).toBe(0);
  });

  it("stores a retried batch once and replays the first answer", async () => {
    const { cast, versionId } = await setup();
    const points = seq(5, (i) => point(i));
    const first = await sendMetrics(cast.ds.token, versionId, points, "batch-0001");
    const again = await sendMetrics(cast.ds.token, versionId, points, "batch-0001");
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(ZIngestMetricsResponse.parse(again.json)).toEqual({ accepted: 5, duplicate: true });
    expect(await pointCount(versionId)).toBe(5);
    // Issue 16: keys are scoped to the user, not the token — a pipeline that rotated its token and resends
    // the acknowledged batch gets the stored answer (it stored 5,000 extra points before).
    const rotated = await createTestToken(db.prisma, cast.ds.user.id, ["ingest"]);
    const resent = await sendMetrics(rotated, versionId, points, "batch-0001");
    expect(resent.json.duplicate).toBe(true);
    expect(resent.headers.get("idempotent-replayed")).toBe("true");
    expect(await pointCount(versionId)).toBe(5);
    // Another user's same key is their own.
    expect((await sendMetrics(cast.ds2.token, versionId, points, "batch-0001")).json.duplicate).toBe(false);
    expect(await pointCount(versionId)).toBe(10);
  });

  it("refuses the same key with another body, and a malformed key; stores nothing for either", async () => {
    const { cast, versionId } = await setup();
    await sendMetrics(cast.ds.token, versionId, [point(0)], "k-1");
    const reused = await sendMetrics(cast.ds.token, versionId, [point(0), point(1)], "k-1");
    expect(reused.status).toBe(422);
    expect(reused.json.errors[0].path).toBe("headers.idempotency-key");
    const bad = await sendMetrics(cast.ds.token, versionId, [point(0)], "x".repeat(201));
    expect(bad.status).toBe(422);
    expect(await pointCount(versionId)).toBe(1);
  });

  it("stores concurrent retries with one key once; every caller gets the same answer", async () => {
    const { cast, versionId } = await setup();
    const points = seq(50, (i) => point(i));
    const results = await Promise.all(seq(12, () => sendMetrics(cast.ds.token, versionId, points, "race-key")));
    expect(results.map((r) => r.status)).toEqual(seq(12, () => 201));
    expect(results.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    for (const r of results) expect(r.json.accepted).toBe(50);
    expect(await pointCount(versionId)).toBe(50);
    expect(await db.prisma.idempotencyKey.count({ where: { key: "race-key" } })).toBe(1);
  });
});

describe("POST|GET /versions/{id}/reference", () => {
  it("registers JSON columns, describes them, and replaces them with an audit trail", async () => {
    const { cast, versionId } = await setup();
    const r = await sendReference(cast.ds.token, versionId, REFERENCE);
    expect(r.status).toBe(201);
    const body = ZRegisterReferenceResponse.parse(r.json);
    expect(body).toMatchObject({ versionId, rowCount: 400, hasPrediction: true, hasLabel: true, replaced: false });
    expect(body.columns.find((c) => c.name === "income")).toMatchObject({ type: "numeric", min: 0, max: 399 });
    expect(body.columns.find((c) => c.name === "segment")).toMatchObject({
      type: "categorical",
      categories: ["a", "b", "c"],
    });
    const stored = await db.prisma.referenceDataset.findUniqueOrThrow({ where: { versionId } });
    expect(Object.keys(stored.columns as object).sort()).toEqual([
      "__label__",
      "__prediction__",
      "income",
      "segment",
      "tenure",
    ]);
    const got = ZReferenceSummary.parse(
      (await callRoute(getReference, { token: cast.manager.token, params: { versionId } })).json,
    );
    expect(got.rowCount).toBe(400);
    expect(got.createdBy?.id).toBe(cast.ds.user.id);
    const replaced = ZRegisterReferenceResponse.parse(
      (await sendReference(cast.it.token, versionId, { columns: { income: [1, 2, 3] } })).json,
    );
    expect(replaced).toMatchObject({ rowCount: 3, replaced: true, hasPrediction: false });
    expect(replaced.findings.absentColumns).toEqual(["segment", "tenure"]);
    const actions = (
      await db.prisma.auditEvent.findMany({
        where: { entityId: versionId, action: { startsWith: "monitoring." } },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.action);
    expect(actions).toEqual(["monitoring.reference_registered", "monitoring.reference_replaced"]);
  });

  it("accepts CSV, numbers typed by the feature schema", async () => {
    const { cast, versionId } = await setup();
    const csv = 'income,segment,tenure,prediction,label\r\n10,a,,0.2,0\r\n20,"b",3,0.8,1\r\n30.5,c,4,0.4,\r\n';
    const r = await sendCsv(postReference, cast.ds.token, versionId, csv);
    expect(r.status).toBe(201);
    expect(ZRegisterReferenceResponse.parse(r.json).rowCount).toBe(3);
    const stored = await db.prisma.referenceDataset.findUniqueOrThrow({ where: { versionId } });
    expect(stored.columns).toEqual({
      income: [10, 20, 30.5],
      segment: ["a", "b", "c"],
      tenure: [null, 3, 4],
      __prediction__: [0.2, 0.8, 0.4],
      __label__: [0, 1, null],
    });
  });

  it("refuses a malformed CSV with the row, and an unusable JSON batch with rows and fields; stores nothing", async () => {
    const { cast, versionId } = await setup();
    const csv = await sendCsv(postReference, cast.ds.token, versionId, 'income,segment\n1,a\n2,"b\n3,c\n');
    expect(csv.status).toBe(422);
    expect(csv.json.errors).toEqual([
      {
        path: "csv.row.1",
        message: "Row 1: the quoted field opened on line 3 is never closed (record starting on line 3).",
      },
    ]);
    const json = await sendReference(cast.ds.token, versionId, {
      columns: { income: [1, "two", 3, "four"], segment: ["a", "b", "c"] },
    });
    expect(json.status).toBe(422);
    expect(json.json.errors.map((e: { path: string }) => e.path)).toEqual(["columns.segment"]);
    const typed = await sendReference(cast.ds.token, versionId, { columns: { income: [1, "two", 3, "four"] } });
    expect(typed.json.errors.map((e: { path: string }) => e.path)).toEqual(["columns.income.1", "columns.income.3"]);
    expect(typed.json.rows).toEqual([1, 3]);
    expect(await db.prisma.referenceDataset.count({ where: { versionId } })).toBe(0);
    expect(
      await db.prisma.auditEvent.count({ where: { entityId: versionId, action: { startsWith: "monitoring." } } }),
    ).toBe(0);
  });

  it("accepts bodies above 1 MiB on this route only, and refuses other media types", async () => {
    const { cast, versionId } = await setup();
    const big = { columns: { income: seq(150_000, (i) => (i % 1000) + 0.123456) } };
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    const r = await sendReference(cast.ds.token, versionId, big);
    expect(r.status).toBe(422); // more than MAX_DATASET_ROWS (100,000) rows: read in full, then judged
    expect(r.json.errors[0].message).toBe("The batch has 150000 rows; at most 100000 are accepted per request.");
    const ok = await sendReference(cast.ds.token, versionId, {
      columns: { income: seq(90_000, (i) => (i % 1000) + 0.123456) },
    });
    expect(ok.status).toBe(201);
    const checks = await callRoute(reportCheck, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      body: { name: "unit-tests", status: "PASS", details: { blob: "x".repeat(1024 * 1024) } },
    });
    expect(checks.status).toBe(413);
    const plain = await callRoute(postReference, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      rawBody: "income\n1\n",
      contentType: "text/plain",
    });
    expect(plain.status).toBe(415);
    expect(plain.json.detail).toBe("Send the body as application/json or text/csv.");
  });

  it("opens a pending UAT gate that waited only for the reference dataset", async () => {
    const { cast, versionId } = await setup();
    expect(
      (
        await callRoute(requestTransition, {
          method: "POST",
          token: cast.ds.token,
          params: { versionId },
          body: { toStage: "INDUSTRIALIZATION" },
        })
      ).json.status,
    ).toBe("APPLIED");
    for (const name of ["unit-tests", "data-validation", "bias-review"])
      await callRoute(reportCheck, {
        method: "POST",
        token: cast.ds.token,
        params: { versionId },
        body: { name, status: "PASS" },
      });
    const pending = await callRoute(requestTransition, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      body: { toStage: "UAT" },
    });
    expect(pending.json.status).toBe("PENDING");
    expect((await sendReference(cast.ds.token, versionId, REFERENCE)).status).toBe(201);
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).stage).toBe("UAT");
  });
});

describe("POST /versions/{id}/samples", () => {
  const shifted = {
    columns: {
      income: seq(200, (i) => i + 150),
      segment: seq(200, (i) => "abc"[i % 3]!),
      tenure: seq(200, (i) => i % 20),
    },
    prediction: seq(200, (i) => Math.min(0.99, (i % 100) / 100 + 0.3)),
    label: seq(200, (i) => (i % 7 === 0 ? 1 : 0)),
  };

  it("refuses samples before a reference exists (409)", async () => {
    const { cast, versionId } = await setup();
    const r = await sendSamples(cast.ds.token, versionId, shifted);
    expect(r.status).toBe(409);
    expect(await db.prisma.sampleWindow.count({ where: { versionId } })).toBe(0);
  });

  it("stores the window with drift identical to a direct call of the drift engine", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const r = await sendSamples(cast.ds.token, versionId, shifted, {
      path: "/x?windowStart=2026-11-22T00:00:00Z&windowEnd=2026-11-23T00:00:00Z",
    });
    expect(r.status).toBe(201);
    const body = ZIngestWindowResponse.parse(r.json);
    expect(body).toMatchObject({
      rowCount: 200,
      windowStart: "2026-11-22T00:00:00.000Z",
      windowEnd: "2026-11-23T00:00:00.000Z",
      environment: "production",
    });
    const expected = numericDrift(REFERENCE.columns.income, shifted.columns.income);
    const rows = await db.prisma.driftResult.findMany({ where: { windowId: body.windowId } });
    expect(rows.map((x) => x.feature).sort()).toEqual(["__prediction__", "income", "segment", "tenure"]);
    const income = rows.find((x) => x.feature === "income")!;
    expect(income.details).toEqual(expected);
    expect([income.method, income.value, income.pValue, income.drifted]).toEqual([
      expected.method,
      expected.psi,
      expected.ks_pvalue,
      expected.drifted,
    ]);
    const segment = rows.find((x) => x.feature === "segment")!;
    expect(segment.details).toEqual(categoricalDrift(REFERENCE.columns.segment, shifted.columns.segment));
    const prediction = rows.find((x) => x.feature === "__prediction__")!;
    expect(prediction.details).toEqual(numericDrift(REFERENCE.prediction, shifted.prediction));
    expect(prediction.drifted).toBe(true);
    const window = await db.prisma.sampleWindow.findUniqueOrThrow({ where: { id: body.windowId } });
    expect(window.summary).toEqual({
      datasetDrift: body.datasetDrift,
      quality: body.quality,
      health: body.health,
      reasons: body.reasons,
      rowCount: 200,
    });
    expect((window.columns as Record<string, unknown[]>).__label__).toEqual(shifted.label);
    expect(body.quality).toMatchObject({ threshold: 0.5 });
    expect(
      await db.prisma.auditEvent.count({ where: { entityId: versionId, action: "monitoring.window_ingested" } }),
    ).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("reports unseen categories, out-of-range values, missing rates, unknown and absent columns", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const r = await sendSamples(cast.ds.token, versionId, {
      columns: { income: [5, -1, 2000, null], segment: ["a", "z", "z", "y"], extra: [1, 2, 3, 4] },
    });
    expect(r.status).toBe(201);
    const { findings } = ZIngestWindowResponse.parse(r.json);
    expect(findings).toEqual({
      unknownColumns: ["extra"],
      absentColumns: ["tenure"],
      features: {
        income: { missingRate: 0.25, unseenCategories: [], unseenShare: 0, outOfRange: 2, outOfRangeShare: 2 / 3 },
        segment: { missingRate: 0, unseenCategories: ["z", "y"], unseenShare: 0.75, outOfRange: 0, outOfRangeShare: 0 },
      },
    });
    const stored = await db.prisma.sampleWindow.findUniqueOrThrow({ where: { id: r.json.windowId } });
    expect(stored.quality).toEqual(findings);
    expect(Object.keys(stored.columns as object).sort()).toEqual(["income", "segment"]);
  });

  it("accepts CSV windows and replays a retried window without storing it twice", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const csv =
      "income,segment,tenure,prediction\n" +
      seq(50, (i) => `${i * 3},${"abc"[i % 3]},${i % 20},${(i % 10) / 10}`).join("\n");
    const first = await callRoute(postSamples, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      rawBody: csv,
      contentType: "text/csv; charset=utf-8",
      headers: { "idempotency-key": "w-1" },
    });
    const again = await callRoute(postSamples, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      rawBody: csv,
      contentType: "text/csv",
      headers: { "idempotency-key": "w-1" },
    });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await db.prisma.sampleWindow.count({ where: { versionId } })).toBe(1);
    expect(await db.prisma.driftResult.count({ where: { versionId } })).toBe(4);
  });

  it("updates the health of the version and of its model when the version is live", async () => {
    const { cast, versionId, modelId } = await setup();
    const env =
      (await db.prisma.environment.findUnique({ where: { name: "production" } })) ??
      (await db.prisma.environment.create({ data: { name: "production", isProduction: true } }));
    await db.prisma.deployment.create({ data: { modelId, versionId, environmentId: env.id } });
    await sendReference(cast.ds.token, versionId, REFERENCE);
    // Every feature drifts and the labels no longer follow the scores: CRITICAL.
    const bad = {
      columns: { income: seq(200, (i) => 600 + i), segment: seq(200, () => "c"), tenure: seq(200, (i) => 50 + i) },
      prediction: seq(200, (i) => (i % 100) / 100),
      label: seq(200, (i) => (i % 100 >= 50 ? 0 : 1)),
    };
    const r = ZIngestWindowResponse.parse((await sendSamples(cast.ds.token, versionId, bad)).json);
    expect(r.health).toBe("CRITICAL");
    expect(r.reasons.map((x) => x.metric)).toEqual(["dataset_drift", "window_auc"]);
    expect(r.versionHealth?.health).toBe("CRITICAL");
    const model = await db.prisma.model.findUniqueOrThrow({ where: { id: modelId } });
    expect(model.health).toBe("CRITICAL");
    expect((model.healthReasons as { metric: string }[]).map((x) => x.metric)).toEqual(["dataset_drift", "window_auc"]);
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).health).toBe("CRITICAL");
    // A healthy window and good recent metrics bring it back.
    await sendMetrics(cast.ds.token, versionId, [{ name: "auc", value: 0.9, timestamp: new Date().toISOString() }]);
    const good = ZIngestWindowResponse.parse((await sendSamples(cast.ds.token, versionId, REFERENCE)).json);
    expect(good.health).toBe("HEALTHY");
    expect((await db.prisma.model.findUniqueOrThrow({ where: { id: modelId } })).health).toBe("HEALTHY");
    // A staging window is analysed but does not speak for production health.
    const staging = ZIngestWindowResponse.parse(
      (await sendSamples(cast.ds.token, versionId, bad, { path: "/x?environment=staging" })).json,
    );
    expect([staging.health, staging.versionHealth]).toEqual(["CRITICAL", null]);
    expect((await db.prisma.model.findUniqueOrThrow({ where: { id: modelId } })).health).toBe("HEALTHY");
  });

  it("lists windows latest first with cursor paging", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    for (const day of ["2026-11-20", "2026-11-22", "2026-11-21"]) {
      await sendSamples(cast.ds.token, versionId, REFERENCE, {
        path: `/x?windowStart=${day}T00:00:00Z&windowEnd=${day}T23:59:59Z`,
      });
    }
    const page1 = ZListWindowsResponse.parse(
      (await callRoute(listWindows, { token: cast.manager.token, params: { versionId }, path: "/x?limit=2" })).json,
    );
    expect(page1.items.map((w) => w.windowEnd.slice(0, 10))).toEqual(["2026-11-22", "2026-11-21"]);
    expect(page1.items[0]!.drift.map((d) => d.feature)).toEqual(["__prediction__", "income", "segment", "tenure"]);
    const page2 = ZListWindowsResponse.parse(
      (
        await callRoute(listWindows, {
          token: cast.manager.token,
          params: { versionId },
          path: `/x?limit=2&cursor=${page1.nextCursor}`,
        })
      ).json,
    );
    expect(page2.items.map((w) => w.windowEnd.slice(0, 10))).toEqual(["2026-11-20"]);
    expect(page2.nextCursor).toBeNull();
    expect(
      (await callRoute(listWindows, { token: cast.manager.token, params: { versionId }, path: "/x?limit=0" })).status,
    ).toBe(422);
  });
});

describe("ingestion denials", () => {
  it("401 without credentials, 403 for a read-only token or a user who cannot write the model, 404 for an unknown version", async () => {
    const { cast, versionId } = await setup();
    const readOnly = await createTestToken(db.prisma, cast.ds.user.id, ["read"]);
    const writeOnly = await createTestToken(db.prisma, cast.ds.user.id, ["write"]);
    const calls = [
      (token: string | undefined, id: string) => sendMetrics(token, id, [point(0)]),
      (token: string | undefined, id: string) =>
        callRoute(postReference, { method: "POST", token, params: { versionId: id }, body: REFERENCE }),
      (token: string | undefined, id: string) =>
        callRoute(postSamples, { method: "POST", token, params: { versionId: id }, body: REFERENCE }),
    ];
    for (const call of calls) {
      expect((await call(undefined, versionId)).status).toBe(401);
      expect((await call(readOnly, versionId)).status).toBe(403);
      expect((await call(writeOnly, versionId)).status).toBe(403); // write does not include ingest
      expect((await call(cast.outsider.token, versionId)).status).toBe(403); // ingest token, other team
      expect((await call(cast.manager.token, versionId)).status).toBe(403); // managers do not ingest
      expect((await call(cast.ds.token, "no-such-version")).status).toBe(404);
    }
    expect((await callRoute(getReference, { params: { versionId } })).status).toBe(401);
    expect((await callRoute(listWindows, { params: { versionId } })).status).toBe(401);
    expect((await callRoute(getReference, { token: cast.ds.token, params: { versionId } })).status).toBe(404); // none registered yet
    expect((await callRoute(listWindows, { token: cast.ds.token, params: { versionId: "nope" } })).status).toBe(404);
    expect(await pointCount(versionId)).toBe(0);
    expect(await db.prisma.referenceDataset.count({ where: { versionId } })).toBe(0);
    expect(await db.prisma.sampleWindow.count({ where: { versionId } })).toBe(0);
  });

  it("409 for an archived model", async () => {
    const { cast, versionId, modelId } = await setup();
    await db.prisma.model.update({ where: { id: modelId }, data: { archivedAt: new Date() } });
    expect((await sendMetrics(cast.ds.token, versionId, [point(0)])).status).toBe(409);
  });
});

describe("POST /versions/{id}/drift-preview", () => {
  const csv =
    "income,segment,tenure,prediction,label,extra\n" +
    seq(
      300,
      (i) =>
        `${i + 200},${i % 5 === 0 ? "z" : "abc"[i % 3]},${i % 20},${Math.min(0.99, (i % 100) / 100 + 0.3)},${i % 7 === 0 ? 1 : 0},x`,
    ).join("\n");
  const rows = csv
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));
  const sendPreview = (token: string | undefined, versionId: string, body: string) =>
    callRoute(previewDrift, { method: "POST", token, params: { versionId }, rawBody: body, contentType: "text/csv" });
  const stored = async (versionId: string) => [
    await db.prisma.sampleWindow.count({ where: { versionId } }),
    await db.prisma.driftResult.count({ where: { versionId } }),
    await db.prisma.auditEvent.count({ where: { entityId: versionId } }),
  ];

  it("answers drift, findings, quality and health for a CSV file exactly as the drift engine does, and stores nothing", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const before = await stored(versionId);
    const r = await sendPreview(cast.it.token, versionId, csv); // IT of another team: comparing is reading, not writing
    expect(r.status).toBe(200);
    const body = ZDriftPreviewResponse.parse(r.json);
    expect(body.rowCount).toBe(300);
    expect(body.features.map((f) => f.feature)).toEqual(["income", "segment", "tenure", "__prediction__"]);
    const income = body.features[0]!;
    const expected = numericDrift(
      REFERENCE.columns.income,
      rows.map((r) => Number(r[0])),
    );
    expect(income.details).toEqual(JSON.parse(JSON.stringify(expected)));
    expect([income.method, income.value, income.pValue, income.drifted]).toEqual([
      expected.method,
      expected.psi,
      expected.ks_pvalue,
      true,
    ]);
    expect(body.features[1]!.details).toEqual(
      JSON.parse(
        JSON.stringify(
          categoricalDrift(
            REFERENCE.columns.segment,
            rows.map((r) => r[1]!),
          ),
        ),
      ),
    );
    expect(body.findings.unknownColumns).toEqual(["extra"]);
    expect(body.findings.features.segment).toMatchObject({ unseenCategories: ["z"], unseenShare: 0.2 });
    expect(body.datasetDrift.drifted_count).toBeGreaterThanOrEqual(1);
    expect(body.quality).toMatchObject({ threshold: 0.5 });
    expect(["HEALTHY", "WARNING", "CRITICAL"]).toContain(body.health);
    expect(await stored(versionId)).toEqual(before);
  });

  it("accepts JSON columns too", async () => {
    const { cast, versionId } = await setup();
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const r = await callRoute(previewDrift, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      body: REFERENCE,
    });
    expect(r.status).toBe(200);
    const body = ZDriftPreviewResponse.parse(r.json);
    expect(body.features.every((f) => !f.drifted)).toBe(true); // the reference against itself
    expect(body.datasetDrift).toMatchObject({ drifted_count: 0, drifted: false });
  });

  it("refuses a malformed file naming the row, a version without reference (409), and every caller who may not ingest", async () => {
    const { cast, versionId } = await setup();
    expect((await sendPreview(cast.ds.token, versionId, csv)).status).toBe(409);
    await sendReference(cast.ds.token, versionId, REFERENCE);
    const bad = await sendPreview(cast.ds.token, versionId, "income,segment\n1,a\n2,b,c\n");
    expect(bad.status).toBe(422);
    expect(ZProblem.parse(bad.json).errors).toEqual([
      { path: "csv.row.1", message: "Row 1 (line 3) has 3 fields; the header has 2." },
    ]);
    const readOnly = await createTestToken(db.prisma, cast.ds.user.id, ["read"]);
    expect((await sendPreview(undefined, versionId, csv)).status).toBe(401);
    expect((await sendPreview(readOnly, versionId, csv)).status).toBe(403);
    expect((await sendPreview(cast.manager.token, versionId, csv)).status).toBe(403);
    expect((await sendPreview(cast.ds.token, "no-such-version", csv)).status).toBe(404);
    expect(await db.prisma.sampleWindow.count({ where: { versionId } })).toBe(0);
  });
});

describe("issue 16: window dates and environments are bounded", () => {
  it("refuses a window dated in 9999 or older than 400 days (it pinned the version's health), and stores nothing", async () => {
    const { cast, versionId } = await setup();
    expect((await sendReference(cast.ds.token, versionId, REFERENCE)).status).toBe(201);
    const rows = { columns: { income: seq(50, (i) => i), segment: seq(50, () => "a"), tenure: seq(50, () => 1) } };
    const future = await sendSamples(cast.ds.token, versionId, rows, {
      path: "/x?windowStart=9999-12-30T00:00:00Z&windowEnd=9999-12-31T00:00:00Z",
    });
    expect(future.status).toBe(422);
    expect(future.json.errors).toEqual([{ path: "query.windowEnd", message: expect.stringMatching(/future/) }]);
    const old = new Date(Date.now() - 401 * 24 * HOUR).toISOString();
    const past = await sendSamples(cast.ds.token, versionId, rows, {
      path: `/x?windowStart=${old}&windowEnd=${new Date(Date.now() - 400.5 * 24 * HOUR).toISOString()}`,
    });
    expect(past.status).toBe(422);
    expect(past.json.errors[0].path).toBe("query.windowStart");
    expect(await db.prisma.sampleWindow.count({ where: { versionId } })).toBe(0);
    expect((await sendSamples(cast.ds.token, versionId, rows)).status).toBe(201);
  });

  it("refuses metric points and windows for an unknown environment, listing the known ones", async () => {
    const { cast, versionId } = await setup();
    const r = await sendMetrics(cast.ds.token, versionId, [
      point(0),
      point(1, { environment: "nosuchenv" }),
      point(2, { environment: "nosuchenv" }),
    ]);
    expect(r.status).toBe(422);
    expect(r.json.errors).toEqual([
      {
        path: "points.1.environment",
        message: expect.stringMatching(/Unknown environment "nosuchenv"\. Known environments: .*production.*staging/),
      },
    ]);
    expect(r.json.knownEnvironments).toEqual(expect.arrayContaining(["production", "staging"]));
    expect(await pointCount(versionId)).toBe(0);
    expect((await sendReference(cast.ds.token, versionId, REFERENCE)).status).toBe(201);
    const w = await sendSamples(
      cast.ds.token,
      versionId,
      { columns: { income: [1], segment: ["a"], tenure: [1] } },
      { path: "/x?environment=nosuchenv" },
    );
    expect(w.status).toBe(422);
    expect(w.json.errors[0].path).toBe("query.environment");
    // An environment created meanwhile is known at once (the cached list is re-read on a miss).
    await db.prisma.environment.create({ data: { name: "canary" } });
    expect((await sendMetrics(cast.ds.token, versionId, [point(0, { environment: "canary" })])).status).toBe(201);
  });
});
