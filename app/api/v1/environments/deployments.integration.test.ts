import { describe, expect, it } from "vitest";
import {
  ZEnvironment,
  ZListDeploymentsResponse,
  ZListEnvironmentsResponse,
  ZRecordDeploymentResponse,
} from "@/lib/schemas/deployments";
import {
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  createTestToken,
  seedDefaultPolicies,
  uniq,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as listDeployments, POST as recordDeployment } from "../models/[modelId]/deployments/route";
import { POST as requestTransition } from "../versions/[versionId]/transitions/route";
import { GET as listEnvironments, POST as createEnvironment } from "./route";

const db = useTestDatabase();

type Cast = Awaited<ReturnType<typeof createCast>>;

async function ensureEnvironments() {
  await db.prisma.environment.upsert({
    where: { name: "production" },
    create: { name: "production", isProduction: true },
    update: {},
  });
  await db.prisma.environment.upsert({ where: { name: "staging" }, create: { name: "staging" }, update: {} });
}

/** v1 live in production, v2 and v3 past the DEPLOYMENT gate, v4 in UAT. */
async function setup() {
  await ensureEnvironments();
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: cast.it.user.id,
    versions: [
      { stage: "MONITORING", production: true },
      { stage: "DEPLOYMENT" },
      { stage: "DEPLOYMENT" },
      { stage: "UAT" },
    ],
  });
  return { cast, model, versions };
}

const record = (token: string | undefined, modelId: string, body: unknown) =>
  callRoute(recordDeployment, { method: "POST", token, params: { modelId }, body });
const activeIn = async (modelId: string, env: string) =>
  db.prisma.deployment.findMany({
    where: { modelId, status: "ACTIVE", environment: { name: env } },
    select: { versionId: true },
  });

describe("environments", () => {
  it("lists environments to every reader, production first", async () => {
    await ensureEnvironments();
    const cast = await createCast(db.prisma);
    const r = await callRoute(listEnvironments, { token: cast.manager.token });
    expect(r.status).toBe(200);
    const items = ZListEnvironmentsResponse.parse(r.json).items;
    expect(items[0]!.isProduction).toBe(true);
    expect(items.map((e) => e.name)).toEqual(expect.arrayContaining(["production", "staging"]));
    expect((await callRoute(listEnvironments, {})).status).toBe(401);
  });

  it("lets administrators add one; refuses IT operators, data scientists, duplicates and bad names, writing nothing", async () => {
    const cast: Cast = await createCast(db.prisma);
    const name = uniq("load").replace(/[^a-z0-9-]/g, "");
    const ok = await callRoute(createEnvironment, {
      method: "POST",
      token: cast.admin.token,
      body: { name, description: "Load tests", isProduction: false },
    });
    expect(ok.status).toBe(201);
    expect(ZEnvironment.parse(ok.json)).toMatchObject({ name, isProduction: false, activeDeployments: 0 });
    expect(await db.prisma.auditEvent.count({ where: { action: "environment.created", entityId: ok.json.id } })).toBe(
      1,
    );

    const other = uniq("eu").replace(/[^a-z0-9-]/g, "");
    expect(
      (await callRoute(createEnvironment, { method: "POST", token: cast.it.token, body: { name: other } })).status,
    ).toBe(403);
    expect(
      (await callRoute(createEnvironment, { method: "POST", token: cast.ds.token, body: { name: other } })).status,
    ).toBe(403);
    expect((await callRoute(createEnvironment, { method: "POST", body: { name: other } })).status).toBe(401);
    const dup = await callRoute(createEnvironment, { method: "POST", token: cast.admin.token, body: { name } });
    expect(dup.status).toBe(409);
    const bad = await callRoute(createEnvironment, {
      method: "POST",
      token: cast.admin.token,
      body: { name: "Prod EU" },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(["name"]);
    expect(await db.prisma.environment.count({ where: { name: { in: [other, "Prod EU"] } } })).toBe(0);
  });
});

describe("deployments", () => {
  it("records a deployment, supersedes the active one in that environment, and shows the history", async () => {
    const { cast, model, versions } = await setup();
    const [v1, v2] = versions;
    const r = await record(cast.it.token, model.slug, {
      versionId: v2!.id,
      environment: "production",
      reason: "CHG-1234",
    });
    expect(r.status).toBe(201);
    const body = ZRecordDeploymentResponse.parse(r.json);
    expect(body.deployment).toMatchObject({
      status: "ACTIVE",
      version: { number: 2 },
      environment: { name: "production" },
      deployedBy: { id: cast.it.user.id },
      reason: "CHG-1234",
    });
    expect(body.superseded).toMatchObject({ status: "SUPERSEDED", version: { id: v1!.id } });
    expect(body.superseded!.endedAt).not.toBeNull();
    expect(body.promoted).toBe(false);
    expect(await activeIn(model.id, "production")).toEqual([{ versionId: v2!.id }]);

    // By number, from CI, to staging: production is untouched.
    const staging = await record(cast.it.token, model.id, { version: 4, environment: "staging" });
    expect(staging.status).toBe(201);
    expect(ZRecordDeploymentResponse.parse(staging.json).superseded).toBeNull();
    expect(await activeIn(model.id, "production")).toEqual([{ versionId: v2!.id }]);

    const history = await callRoute(listDeployments, { token: cast.manager.token, params: { modelId: model.slug } });
    expect(history.status).toBe(200);
    const items = ZListDeploymentsResponse.parse(history.json).items;
    expect(items.map((d) => [d.environment.name, d.version.number, d.status])).toEqual([
      ["staging", 4, "ACTIVE"],
      ["production", 2, "ACTIVE"],
      ["production", 1, "SUPERSEDED"],
    ]);
    const onlyProd = ZListDeploymentsResponse.parse(
      (
        await callRoute(listDeployments, {
          token: cast.ds.token,
          params: { modelId: model.id },
          path: "/?environment=production&limit=1",
        })
      ).json,
    );
    expect(onlyProd.items).toHaveLength(1);
    expect(onlyProd.nextCursor).not.toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { action: "deployment.recorded", modelId: model.id } })).toBe(2);
  });

  it("keeps one ACTIVE deployment when two records for the same environment race", async () => {
    const { cast, model, versions } = await setup();
    const [r2, r3] = await Promise.all([
      record(cast.it.token, model.id, { versionId: versions[1]!.id, environment: "production" }),
      record(cast.it2.token, model.id, { versionId: versions[2]!.id, environment: "production" }),
    ]);
    expect([r2.status, r3.status]).toEqual([201, 201]);
    const active = await activeIn(model.id, "production");
    expect(active).toHaveLength(1);
    expect(await db.prisma.deployment.count({ where: { modelId: model.id, status: "SUPERSEDED" } })).toBe(2);
  });

  it("opens the pending MONITORING gate of a version deployed to production; the previous live version is archived", async () => {
    await seedDefaultPolicies(db.prisma);
    const { cast, model, versions } = await setup();
    const [v1, v2] = versions;
    await createTestAlertRule(db.prisma, model.id, { kind: "STALENESS", config: { hours: 6 } });
    const ask = await callRoute(requestTransition, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: v2!.id },
      body: { toStage: "MONITORING", justification: "Go live" },
    });
    expect(ask.json.status, JSON.stringify(ask.json)).toBe("PENDING");
    const r = await record(cast.it.token, model.id, { versionId: v2!.id, environment: "production" });
    expect(ZRecordDeploymentResponse.parse(r.json).promoted).toBe(true);
    const stages = await db.prisma.modelVersion.findMany({
      where: { id: { in: [v1!.id, v2!.id] } },
      select: { id: true, stage: true },
    });
    expect(Object.fromEntries(stages.map((s) => [s.id, s.stage]))).toEqual({
      [v1!.id]: "ARCHIVED",
      [v2!.id]: "MONITORING",
    });
    expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: ask.json.id } })).status).toBe(
      "APPLIED",
    );
  });

  it("marks the retraining request linked to a version done when that version goes live", async () => {
    const { cast, model, versions } = await setup();
    const request = await db.prisma.retrainingRequest.create({
      data: { modelId: model.id, status: "IN_PROGRESS", linkedVersionId: versions[1]!.id },
    });
    expect(
      (await record(cast.it.token, model.id, { versionId: versions[1]!.id, environment: "production" })).status,
    ).toBe(201);
    expect((await db.prisma.retrainingRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("DONE");
  });

  it("refuses versions that may not run there, unknown environments and versions, and bad input; writes nothing", async () => {
    const { cast, model, versions } = await setup();
    const before = await db.prisma.deployment.count({ where: { modelId: model.id } });
    const uat = await record(cast.it.token, model.id, { versionId: versions[3]!.id, environment: "production" });
    expect(uat.status).toBe(409);
    expect(uat.json.detail).toContain("only versions past the DEPLOYMENT gate");
    expect(
      (await record(cast.it.token, model.id, { versionId: versions[0]!.id, environment: "production" })).status,
    ).toBe(409); // already live
    const env = await record(cast.it.token, model.id, { versionId: versions[1]!.id, environment: "moon" });
    expect(env.status).toBe(422);
    expect(env.json.errors).toEqual([
      { path: "environment", message: "Unknown environment; an administrator adds environments." },
    ]);
    const foreign = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "DEPLOYMENT" }],
    });
    const notMine = await record(cast.it.token, model.id, {
      versionId: foreign.versions[0]!.id,
      environment: "production",
    });
    expect(notMine.status).toBe(422);
    expect(notMine.json.errors[0].path).toBe("versionId");
    const both = await record(cast.it.token, model.id, {
      versionId: versions[1]!.id,
      version: 2,
      environment: "production",
    });
    expect(both.status).toBe(422);
    expect(both.json.errors[0].path).toBe("versionId");
    const badName = await record(cast.it.token, model.id, { versionId: versions[1]!.id, environment: "PROD" });
    expect(badName.json.errors[0].path).toBe("environment");
    expect((await record(cast.it.token, "no-such-model", { version: 1, environment: "production" })).status).toBe(404);
    expect(await db.prisma.deployment.count({ where: { modelId: model.id } })).toBe(before);
  });

  it("denies callers without deployments:write", async () => {
    const { cast, model, versions } = await setup();
    const body = { versionId: versions[1]!.id, environment: "production" };
    expect((await record(undefined, model.id, body)).status).toBe(401);
    const ds = await record(cast.ds.token, model.id, body);
    expect(ds.status).toBe(403);
    expect(ds.json.permission).toBe("deployments:write");
    expect((await record(cast.manager.token, model.id, body)).status).toBe(403);
    const readOnly = await createTestToken(db.prisma, cast.it.user.id, ["read"]);
    expect((await record(readOnly, model.id, body)).status).toBe(403);
    expect((await callRoute(listDeployments, { params: { modelId: model.id } })).status).toBe(401);
    expect(await activeIn(model.id, "production")).toEqual([{ versionId: versions[0]!.id }]);
  });
});
