import { describe, expect, it } from "vitest";
import { ZProblem } from "@/lib/schemas/common";
import { ZApprovedFeatures, ZFeatureImportance } from "@/lib/schemas/importance";
import { ZMlflowError } from "@/lib/schemas/mlflow";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { callMlflow, callRoute, createCast, createTestToken, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as mlflow from "../../2.0/mlflow/[...path]/route";
import { GET as getApproved, PUT as putApproved } from "../models/[modelId]/approved-features/route";
import { POST as registerVersion } from "../models/[modelId]/versions/route";
import { POST as createModel } from "../models/route";
import { GET as getGate } from "./[versionId]/gate/route";
import { GET as getImportance, POST as postImportance } from "./[versionId]/importance/route";
import { POST as requestTransition } from "./[versionId]/transitions/route";

const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;

const FEATURES = [
  { name: "income", type: "numeric" },
  { name: "age", type: "numeric" },
  { name: "region", type: "categorical", categories: ["n", "s"] },
];
const GOOD = { method: "shap_mean_abs", values: { income: 0.5, age: 0.3, region: 0.2 } };

let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

async function setup() {
  const c = await cast();
  const m = await callRoute(createModel, {
    method: "POST",
    token: c.ds.token,
    body: {
      slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
      title: "M",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: c.team.id,
    },
  });
  expect(m.status).toBe(201);
  const v = await callRoute(registerVersion, {
    method: "POST",
    token: c.ds.token,
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
  return { c, modelId: m.json.id as string, versionId: v.json.id as string };
}

const post = (token: string | undefined, versionId: string, body: unknown) =>
  callRoute(postImportance, { method: "POST", token, params: { versionId }, body });
const errorPaths = (r: { json: unknown }) => ZProblem.parse(r.json).errors.map((e) => e.path);

describe("POST/GET /versions/{id}/importance", () => {
  it("stores importances as sent, ranks them, audits, and reads them back", async () => {
    const { c, versionId } = await setup();
    const r = await post(c.ds.token, versionId, {
      ...GOOD,
      segments: { young: { income: 0.1, age: 0.7, region: 0.2 } },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const dto = ZFeatureImportance.parse(r.json);
    expect(dto.ranked.map((x) => [x.feature, x.rank])).toEqual([
      ["income", 1],
      ["age", 2],
      ["region", 3],
    ]);
    expect(dto.topShare).toBeCloseTo(1, 12);
    expect(dto).toMatchObject({
      method: "shap_mean_abs",
      source: "api",
      values: GOOD.values,
      segments: { young: { income: 0.1, age: 0.7, region: 0.2 } },
      createdBy: { id: c.ds.user.id },
    });
    const back = await callRoute(getImportance, { method: "GET", token: c.manager.token, params: { versionId } });
    expect(back.status).toBe(200);
    expect(ZFeatureImportance.parse(back.json)).toEqual(dto);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: versionId, action: "version.importance_recorded" },
    });
    expect(audit.before).toBeNull();
    expect(audit.after).toEqual({ method: "shap_mean_abs", values: GOOD.values, segments: ["young"] });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("keeps numbers bit for bit", async () => {
    const { c, versionId } = await setup();
    const values = { income: 0.1 + 0.2, age: 39.900000000000006, region: 1e-300 };
    expect((await post(c.ds.token, versionId, { method: "gain", values })).status).toBe(201);
    expect(
      ZFeatureImportance.parse(
        (await callRoute(getImportance, { method: "GET", token: c.ds.token, params: { versionId } })).json,
      ).values,
    ).toEqual(values);
  });

  it("answers 422 naming unknown, missing and negative features; permutation may be negative", async () => {
    const { c, versionId } = await setup();
    const r = await post(c.ds.token, versionId, {
      method: "shap_mean_abs",
      values: { income: -0.1, zip: 0.2, region: 0.1 },
    });
    expect(r.status).toBe(422);
    expect(errorPaths(r)).toEqual(["values.income", "values.zip", "values.age"]);
    expect(
      errorPaths(
        await post(c.ds.token, versionId, {
          method: "gain",
          values: GOOD.values,
          segments: { s1: { income: 1, age: 1 } },
        }),
      ),
    ).toEqual(["segments.s1.region"]);
    const strings = await post(c.ds.token, versionId, { method: "gain", values: { ...GOOD.values, age: "NaN" } });
    expect([strings.status, errorPaths(strings)]).toEqual([422, ["values.age"]]);
    expect(errorPaths(await post(c.ds.token, versionId, { method: "lime", values: GOOD.values }))).toEqual(["method"]);
    expect(await db.prisma.featureImportance.count({ where: { versionId } })).toBe(0);
    expect(
      (await post(c.ds.token, versionId, { method: "permutation", values: { income: 0.4, age: -0.01, region: 0 } }))
        .status,
    ).toBe(201);
  });

  it("replaces importances while in DESIGN, refuses (409) once the version has left it", async () => {
    const { c, versionId } = await setup();
    expect((await post(c.ds.token, versionId, GOOD)).status).toBe(201);
    const again = await post(c.ds.token, versionId, { method: "gain", values: { income: 1, age: 2, region: 3 } });
    expect(again.status).toBe(201);
    expect(ZFeatureImportance.parse(again.json).ranked[0]!.feature).toBe("region");
    const audits = await db.prisma.auditEvent.findMany({
      where: { entityId: versionId, action: "version.importance_recorded" },
      orderBy: { seq: "asc" },
    });
    expect(audits.at(-1)!.before).toEqual({ method: "shap_mean_abs", values: GOOD.values });
    const moved = await callRoute(requestTransition, {
      method: "POST",
      token: c.ds.token,
      params: { versionId },
      body: { toStage: "INDUSTRIALIZATION", justification: "" },
    });
    expect(moved.json.status).toBe("APPLIED");
    const late = await post(c.ds.token, versionId, GOOD);
    expect(late.status).toBe(409);
    expect(ZProblem.parse(late.json).detail).toMatch(/INDUSTRIALIZATION: feature importance is evidence/);
    expect(
      ZFeatureImportance.parse(
        (await callRoute(getImportance, { method: "GET", token: c.ds.token, params: { versionId } })).json,
      ).method,
    ).toBe("gain");
  });

  it("denies by role and scope: 401 without credentials, 403 for managers, IT operations, another team and read tokens; 404 for unknown versions", async () => {
    const { c, versionId } = await setup();
    expect((await post(undefined, versionId, GOOD)).status).toBe(401);
    expect((await post(c.manager.token, versionId, GOOD)).status).toBe(403);
    expect((await post(c.it.token, versionId, GOOD)).status).toBe(403); // no versions:register
    expect((await post(c.outsider.token, versionId, GOOD)).status).toBe(403); // data scientist of another team
    const readOnly = await createTestToken(db.prisma, c.ds.user.id, ["read"]);
    expect((await post(readOnly, versionId, GOOD)).status).toBe(403);
    expect((await post(c.ds.token, "nope", GOOD)).status).toBe(404);
    expect(await db.prisma.featureImportance.count({ where: { versionId } })).toBe(0);
    expect((await post(c.ds2.token, versionId, GOOD)).status).toBe(201); // a team peer may
    expect((await post(c.admin.token, versionId, GOOD)).status).toBe(201);
    expect((await callRoute(getImportance, { method: "GET", params: { versionId } })).status).toBe(401);
    const { versionId: bare } = await setup();
    expect(
      (await callRoute(getImportance, { method: "GET", token: c.ds.token, params: { versionId: bare } })).status,
    ).toBe(404);
  });
});

describe("approved features and the gate requirements", () => {
  it("the checklist shows why each requirement fails, then opens as evidence arrives", async () => {
    const { c, modelId, versionId } = await setup();
    const policy = await db.prisma.gatePolicy.findFirstOrThrow({
      where: { targetStage: "INDUSTRIALIZATION", criticality: "INTERNAL", isCurrent: true },
    });
    // The shared INTERNAL policy is changed for this test only and restored below (tests in a file run one after another).
    await db.prisma.gatePolicy.update({
      where: { id: policy.id },
      data: {
        requirements: {
          ...(policy.requirements as object),
          requireFeatureImportance: true,
          approvedTopFeatures: { topN: 2 },
        },
      },
    });
    try {
      const gate = async () =>
        (await callRoute(getGate, { method: "GET", token: c.ds.token, params: { versionId } })).json.preview.gate
          .requirements as { key: string; met: boolean; detail: string }[];
      const pick = (rs: { key: string; met: boolean; detail: string }[]) =>
        rs
          .filter((r) => r.key === "feature-importance" || r.key === "approved-top-features")
          .map((r) => [r.key, r.met, r.detail]);
      expect(pick(await gate())).toEqual([
        ["feature-importance", false, expect.stringContaining("No feature importance yet")],
        ["approved-top-features", false, "No feature importance to check the top 2 against."],
      ]);
      expect((await post(c.ds.token, versionId, GOOD)).status).toBe(201);
      expect(pick(await gate())[1]).toEqual([
        "approved-top-features",
        false,
        expect.stringContaining("no approved feature list"),
      ]);
      const put = await callRoute(putApproved, {
        method: "PUT",
        token: c.ds.token,
        params: { modelId },
        body: { features: ["income", "region"] },
      });
      expect(put.status).toBe(200);
      expect(ZApprovedFeatures.parse(put.json)).toEqual({ modelId, features: ["income", "region"] });
      expect(pick(await gate())).toEqual([
        ["feature-importance", true, "mean |SHAP| importances for 3 features; top: income 50%, age 30%, region 20%."],
        ["approved-top-features", false, "Not on the approved list: age (2nd, 30%)."],
      ]);
      await callRoute(putApproved, {
        method: "PUT",
        token: c.ds.token,
        params: { modelId },
        body: { features: ["income", "age"] },
      });
      expect(pick(await gate())[1]).toEqual(["approved-top-features", true, "Top 2: income, age — all approved."]);
      expect(
        (
          await callRoute(requestTransition, {
            method: "POST",
            token: c.ds.token,
            params: { versionId },
            body: { toStage: "INDUSTRIALIZATION", justification: "" },
          })
        ).json.status,
      ).toBe("APPLIED");
    } finally {
      await db.prisma.gatePolicy.update({
        where: { id: policy.id },
        data: { requirements: policy.requirements as object },
      });
    }
  });

  it("approved features: validation, audit and denials", async () => {
    const { c, modelId } = await setup();
    const put = (token: string | undefined, body: unknown) =>
      callRoute(putApproved, { method: "PUT", token, params: { modelId }, body });
    expect((await put(c.ds.token, { features: ["a", "a"] })).status).toBe(422);
    expect((await put(c.manager.token, { features: ["a"] })).status).toBe(403);
    expect((await put(c.outsider.token, { features: ["a"] })).status).toBe(403);
    expect((await put(undefined, { features: ["a"] })).status).toBe(401);
    expect((await put(c.ds.token, { features: ["a", "b"] })).status).toBe(200);
    expect(
      ZApprovedFeatures.parse(
        (await callRoute(getApproved, { method: "GET", token: c.manager.token, params: { modelId } })).json,
      ).features,
    ).toEqual(["a", "b"]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: modelId, action: "model.approved_features_updated" },
    });
    expect([audit.before, audit.after]).toEqual([{ approvedFeatures: [] }, { approvedFeatures: ["a", "b"] }]);
  });
});

describe("MLflow: the modelgate.feature_importance version tag", () => {
  const api = (path: string, token: string, body: unknown) => callMlflow(mlflow.POST, "POST", path, { token, body });
  const schemaTag = { key: "modelgate.feature_schema", value: JSON.stringify(FEATURES) };

  async function mlflowVersion(token: string, tags: { key: string; value: string }[]) {
    const name = `Importance ${uniq("m")}`;
    expect(
      (
        await api("registered-models/create", token, {
          name,
          tags: [{ key: "modelgate.criticality", value: "INTERNAL" }],
        })
      ).status,
    ).toBe(200);
    return { name, r: await api("model-versions/create", token, { name, source: "s3://b/model", tags }) };
  }
  const versionIdOf = async (name: string) =>
    (await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name } }, select: { id: true } }))
      .id;

  it("is read when the version is created, with Python's NaN refused by feature path", async () => {
    const { ds } = await cast();
    const { name, r } = await mlflowVersion(ds.token, [
      schemaTag,
      { key: "modelgate.feature_importance", value: JSON.stringify(GOOD) },
    ]);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const stored = await db.prisma.featureImportance.findUniqueOrThrow({
      where: { versionId: await versionIdOf(name) },
    });
    expect([stored.method, stored.values, stored.source]).toEqual(["shap_mean_abs", GOOD.values, "mlflow"]);

    const bad = await mlflowVersion(ds.token, [
      schemaTag,
      {
        key: "modelgate.feature_importance",
        value: '{"method": "gain", "values": {"income": NaN, "age": 1, "region": -2}}',
      },
    ]);
    expect(bad.r.status).toBe(400);
    const e = ZMlflowError.parse(bad.r.json);
    expect(e.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(e.message).toBe(
      "Tag modelgate.feature_importance: values.income: A finite number (got NaN).; values.region: gain importances cannot be negative (got -2); only permutation and other may be.",
    );
    expect(await db.prisma.modelVersion.count({ where: { model: { mlflowName: bad.name } } })).toBe(0);
  });

  it("set-tag records while in DESIGN, delete-tag removes tag-sourced importances, both refused afterwards", async () => {
    const { ds } = await cast();
    const { name, r } = await mlflowVersion(ds.token, [schemaTag]);
    expect(r.status).toBe(200);
    const versionId = await versionIdOf(name);
    const set = await api("model-versions/set-tag", ds.token, {
      name,
      version: "1",
      key: "modelgate.feature_importance",
      value: JSON.stringify(GOOD),
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect((await db.prisma.featureImportance.findUniqueOrThrow({ where: { versionId } })).source).toBe("mlflow");
    const wrong = await api("model-versions/set-tag", ds.token, {
      name,
      version: "1",
      key: "modelgate.feature_importance",
      value: JSON.stringify({ method: "gain", values: { income: 1 } }),
    });
    expect([wrong.status, ZMlflowError.parse(wrong.json).message]).toEqual([
      400,
      expect.stringContaining("values.age: Missing"),
    ]);
    const del = await callMlflow(mlflow.DELETE, "DELETE", "model-versions/delete-tag", {
      token: ds.token,
      body: { name, version: "1", key: "modelgate.feature_importance" },
    });
    expect(del.status).toBe(200);
    expect(await db.prisma.featureImportance.count({ where: { versionId } })).toBe(0);
    await db.prisma.modelVersion.update({ where: { id: versionId }, data: { stage: "INDUSTRIALIZATION" } });
    const late = await api("model-versions/set-tag", ds.token, {
      name,
      version: "1",
      key: "modelgate.feature_importance",
      value: JSON.stringify(GOOD),
    });
    expect(late.status).toBe(409);
    expect(ZMlflowError.parse(late.json).error_code).toBe("RESOURCE_CONFLICT");
  });
});
