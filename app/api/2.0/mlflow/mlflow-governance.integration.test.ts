import { describe, expect, it } from "vitest";
import { ZMlflowError, ZMlflowModelVersionResponse, ZMlflowRegisteredModelResponse } from "@/lib/schemas/mlflow";
import { ZPromotionRequest } from "@/lib/schemas/promotions";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callMlflow,
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  createTestToken,
  seedDefaultPolicies,
  uniq,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as decide } from "../../v1/transitions/[requestId]/decision/route";
import { POST as reportCheck } from "../../v1/versions/[versionId]/checks/route";
import * as route from "./[...path]/route";

/**
 * Governance through MLflow's verbs (docs/MLFLOW.md): transition-stage and the production alias go through
 * Modelgate's gates; a closed gate answers PERMISSION_DENIED naming the request and what it still needs.
 */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

const get = (path: string, token: string, query: Record<string, string>) =>
  callMlflow(route.GET, "GET", path, { token, query });
const post = (path: string, token: string, body: unknown) => callMlflow(route.POST, "POST", path, { token, body });
const del = (path: string, token: string, body: unknown) => callMlflow(route.DELETE, "DELETE", path, { token, body });
const transition = (token: string, name: string, version: string, stage: string, archive = false) =>
  post("model-versions/transition-stage", token, { name, version, stage, archive_existing_versions: archive });

function denied(r: { status: number; json: unknown }, message?: RegExp): string {
  expect(r.status, JSON.stringify(r.json)).toBe(403);
  const e = ZMlflowError.parse(r.json);
  expect(e.error_code).toBe("PERMISSION_DENIED");
  if (message) expect(e.message).toMatch(message);
  return e.message;
}

const requestIdIn = (message: string) => /promotion request (\S+?),/.exec(message)?.[1];

const EVIDENCE = [
  { key: "modelgate.framework", value: "xgboost 2.0" },
  { key: "modelgate.git_commit", value: "abcdef1" },
  { key: "modelgate.training_dataset", value: "s3://lake/train.parquet" },
  { key: "modelgate.feature_schema", value: JSON.stringify([{ name: "amount", type: "numeric" }]) },
];

/** An INTERNAL classification model registered through MLflow, with one version whose run logged auc 0.86. */
async function registerThroughMlflow(c: Cast, criticality = "INTERNAL") {
  const name = `Scoring ${uniq("m")}`;
  await post("registered-models/create", c.ds.token, {
    name,
    tags: [
      { key: "modelgate.criticality", value: criticality },
      { key: "modelgate.problem_type", value: "CLASSIFICATION" },
    ],
  });
  const run = (await post("runs/create", c.ds.token, {})).json.run.info;
  await post("runs/log-metric", c.ds.token, { run_id: run.run_id, key: "auc", value: 0.86, timestamp: 1 });
  const mv = await post("model-versions/create", c.ds.token, {
    name,
    source: `${run.artifact_uri}/model`,
    run_id: run.run_id,
    tags: EVIDENCE,
  });
  expect(mv.status, JSON.stringify(mv.json)).toBe(200);
  const versionId = (
    await db.prisma.modelVersion.findFirstOrThrow({ where: { runId: run.run_id }, select: { id: true } })
  ).id;
  return { name, versionId };
}

const stageOf = async (versionId: string) =>
  (await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).stage;
const check = (token: string, versionId: string, name: string) =>
  callRoute(reportCheck, { method: "POST", token, params: { versionId }, body: { name, status: "PASS" } });

describe("transition-stage through the gates", () => {
  it("Staging: applies the open INDUSTRIALIZATION gate, stops at UAT with 403 naming the request; a retry re-judges the same request; evidence opens it", async () => {
    const c = await cast();
    const { name, versionId } = await registerThroughMlflow(c);
    const message = denied(
      await transition(c.ds.token, name, "1", "staging"),
      /Applied now: Industrialization\. Moving '.+' version 1 to UAT was requested as promotion request/,
    );
    expect(message).toMatch(/Check "unit-tests" passed/);
    expect(message).toMatch(/Reference dataset registered/);
    expect(message).toMatch(new RegExp(`/models/[a-z0-9-]+/versions/1`));
    const requestId = requestIdIn(message)!;
    const pending = await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(pending).toMatchObject({
      status: "PENDING",
      fromStage: "INDUSTRIALIZATION",
      toStage: "UAT",
      requesterId: c.ds.user.id,
      versionId,
    });
    expect(await stageOf(versionId)).toBe("INDUSTRIALIZATION");
    expect((await get("model-versions/get", c.ds.token, { name, version: "1" })).json.model_version.current_stage).toBe(
      "None",
    );

    await db.prisma.referenceDataset.create({ data: { versionId, columns: { amount: [1, 2, 3] }, rowCount: 3 } });
    await check(c.it.token, versionId, "unit-tests");
    const again = denied(await transition(c.ds.token, name, "1", "Staging"), /waits on promotion request/);
    expect(requestIdIn(again)).toBe(requestId);
    expect(again).not.toMatch(/unit-tests/);
    expect(again).toMatch(/data-validation/);
    expect(await db.prisma.transitionRequest.count({ where: { versionId, toStage: "UAT" } })).toBe(1);

    await check(c.it.token, versionId, "data-validation");
    expect(await stageOf(versionId)).toBe("UAT");
    const done = await transition(c.ds.token, name, "1", "Staging");
    expect(ZMlflowModelVersionResponse.parse(done.json).model_version.current_stage).toBe("Staging");
    const requested = await db.prisma.auditEvent.findMany({
      where: { action: "promotion.requested", entityId: requestId },
    });
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actorId: c.ds.user.id, metadata: { via: "mlflow" } });
  });

  it("Production from Staging needs two gates: DEPLOYMENT (IT approval), then MONITORING (deployment and alert rules)", async () => {
    const c = await cast();
    const { name, versionId } = await registerThroughMlflow(c);
    await db.prisma.modelVersion.update({ where: { id: versionId }, data: { stage: "UAT" } });
    const first = denied(
      await transition(c.ds.token, name, "1", "Production"),
      /to Deployment was requested as promotion request .+ 1 approval by IT operations .+ After that, Production still needs the Monitoring gate\./,
    );
    const approval = await callRoute(decide, {
      method: "POST",
      token: c.it.token,
      params: { requestId: requestIdIn(first)! },
      body: { decision: "APPROVE", comment: "UAT signed off" },
    });
    expect(ZPromotionRequest.parse(approval.json).status).toBe("APPLIED");
    expect(await stageOf(versionId)).toBe("DEPLOYMENT");
    expect((await get("model-versions/get", c.ds.token, { name, version: "1" })).json.model_version.current_stage).toBe(
      "Staging",
    );

    const second = denied(
      await transition(c.ds.token, name, "1", "Production"),
      /to Monitoring was requested .+Active production deployment.+Alert rules configured/,
    );
    expect(second).not.toMatch(/After that/);
    const model = await db.prisma.model.findFirstOrThrow({ where: { mlflowName: name } });
    const env = await db.prisma.environment.upsert({
      where: { name: "production" },
      create: { name: "production", isProduction: true },
      update: {},
    });
    await db.prisma.deployment.create({
      data: { modelId: model.id, versionId, environmentId: env.id, status: "ACTIVE" },
    });
    await createTestAlertRule(db.prisma, model.id, {
      kind: "METRIC_THRESHOLD",
      config: { metric: "auc", op: "<", value: 0.7 },
    });
    const live = await transition(c.ds.token, name, "1", "Production");
    expect(ZMlflowModelVersionResponse.parse(live.json).model_version).toMatchObject({
      current_stage: "Production",
      aliases: ["champion"],
    });
    expect(await stageOf(versionId)).toBe("MONITORING");
    expect(
      (await get("registered-models/alias", c.ds.token, { name, alias: "champion" })).json.model_version.version,
    ).toBe("1");
    expect(
      ZMlflowRegisteredModelResponse.parse((await get("registered-models/get", c.ds.token, { name })).json)
        .registered_model.aliases,
    ).toEqual([{ alias: "champion", version: "1" }]);
    expect(await db.prisma.stageHistory.count({ where: { versionId, toStage: "MONITORING" } })).toBe(1);
  });

  it("MISSION_CRITICAL (the default) needs a data-science peer at INDUSTRIALIZATION; the peer's approval moves it", async () => {
    const c = await cast();
    const { name, versionId } = await registerThroughMlflow(c, "MISSION_CRITICAL");
    const message = denied(
      await transition(c.ds.token, name, "1", "Staging"),
      /to Industrialization was requested .+1 approval by a data-science peer.+After that, Staging still needs the UAT gate/,
    );
    const approval = await callRoute(decide, {
      method: "POST",
      token: c.ds2.token,
      params: { requestId: requestIdIn(message)! },
      body: { decision: "APPROVE", comment: "" },
    });
    expect(ZPromotionRequest.parse(approval.json).status).toBe("APPLIED");
    expect(await stageOf(versionId)).toBe("INDUSTRIALIZATION");
  });

  it("archive_existing_versions archives the model's other Staging versions once the version gets there", async () => {
    const c = await cast();
    const { name } = await registerThroughMlflow(c);
    await post("model-versions/create", c.ds.token, { name, source: "s3://b/m/2" });
    const versions = await db.prisma.modelVersion.findMany({
      where: { model: { mlflowName: name } },
      orderBy: { number: "asc" },
    });
    for (const v of versions) await db.prisma.modelVersion.update({ where: { id: v.id }, data: { stage: "UAT" } });
    const r = await transition(c.ds.token, name, "2", "Staging", true);
    expect(r.json.model_version.current_stage).toBe("Staging");
    expect(await stageOf(versions[0]!.id)).toBe("ARCHIVED");
    expect((await get("model-versions/get", c.ds.token, { name, version: "1" })).json.model_version.current_stage).toBe(
      "Archived",
    );
  });

  it("refuses backward moves, and archiving or deleting what is live", async () => {
    const c = await cast();
    const { model } = await createTestModel(db.prisma, {
      teamId: c.team.id,
      dsOwnerId: c.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    const r = await transition(c.ds.token, model.slug, "1", "Staging");
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      error_code: "INVALID_PARAMETER_VALUE",
      message: expect.stringMatching(/only moves forward: Production → Staging/),
    });
    expect((await transition(c.ds.token, model.slug, "1", "Archived")).json).toMatchObject({
      error_code: "RESOURCE_CONFLICT",
    });
    expect((await transition(c.ds.token, model.slug, "1", "Archived")).status).toBe(409);
    expect((await del("model-versions/delete", c.ds.token, { name: model.slug, version: "1" })).status).toBe(409);
    expect((await del("registered-models/delete", c.ds.token, { name: model.slug })).status).toBe(409);
    expect(
      (await get("model-versions/get", c.ds.token, { name: model.slug, version: "1" })).json.model_version
        .current_stage,
    ).toBe("Production");
  });

  it("applies roles, teams and token scopes to transitions", async () => {
    const c = await cast();
    const { name } = await registerThroughMlflow(c);
    denied(
      await transition(c.it.token, name, "1", "Staging"),
      /Requesting INDUSTRIALIZATION needs one of the roles DATA_SCIENTIST, ADMIN/,
    );
    denied(await transition(c.manager.token, name, "1", "Staging"), /promotions:request/);
    denied(await transition(c.outsider.token, name, "1", "Staging"), /Only the/);
    denied(
      await transition(await createTestToken(db.prisma, c.ds.user.id, ["read"]), name, "1", "Staging"),
      /promotions:request/,
    );
    expect(await db.prisma.transitionRequest.count({ where: { version: { model: { mlflowName: name } } } })).toBe(0);
  });
});

describe("the production alias (champion)", () => {
  it("names the live version, moves only through the gates, and cannot be deleted while a version is live", async () => {
    const c = await cast();
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: c.team.id,
      dsOwnerId: c.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }, { stage: "UAT" }],
    });
    const name = model.slug;
    expect(
      ZMlflowModelVersionResponse.parse(
        (await get("registered-models/alias", c.ds.token, { name, alias: "champion" })).json,
      ).model_version,
    ).toMatchObject({ version: "1", aliases: ["champion"] });

    const message = denied(
      await post("registered-models/alias", c.ds.token, { name, alias: "champion", version: "2" }),
      /version 2 to Deployment was requested as promotion request .+ After that, the champion alias still needs the Monitoring gate/,
    );
    expect(await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: requestIdIn(message)! } })).toMatchObject(
      { status: "PENDING", toStage: "DEPLOYMENT", versionId: versions[1]!.id },
    );
    expect(
      (await get("registered-models/alias", c.ds.token, { name, alias: "champion" })).json.model_version.version,
    ).toBe("1");
    expect(await db.prisma.modelAlias.count({ where: { modelId: model.id } })).toBe(0);

    denied(
      await del("registered-models/alias", c.ds.token, { name, alias: "champion" }),
      /always names the live production version \(version 1\)/,
    );
    denied(await post("registered-models/alias", c.outsider.token, { name, alias: "champion", version: "2" }));
    expect((await post("registered-models/alias", c.ds.token, { name, alias: "champion", version: "1" })).json).toEqual(
      {},
    );
    expect(
      (await get("registered-models/alias", c.ds.token, { name, alias: "champion" })).json.model_version.version,
    ).toBe("1");
  });

  it("is absent (400) and deletable as a no-op when nothing is live", async () => {
    const c = await cast();
    const { model } = await createTestModel(db.prisma, {
      teamId: c.team.id,
      dsOwnerId: c.ds.user.id,
      versions: [{ stage: "UAT" }],
    });
    const r = await get("registered-models/alias", c.ds.token, { name: model.slug, alias: "champion" });
    expect(r).toMatchObject({
      status: 400,
      json: { error_code: "INVALID_PARAMETER_VALUE", message: "Registered model alias champion not found." },
    });
    expect((await del("registered-models/alias", c.ds.token, { name: model.slug, alias: "champion" })).json).toEqual(
      {},
    );
  });

  it("keeps the audit chain intact", async () => {
    await cast();
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
