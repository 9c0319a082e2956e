import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestDigest } from "@/lib/server/artifacts/manifest";
import { installArtifactStore } from "@/lib/server/artifacts/get-artifact-store";
import { callArtifacts, tempLocalStore } from "@/lib/testing/artifact-calls";
import { callMlflow, callRoute, createCast, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as recordDeployment } from "../../v1/models/[modelId]/deployments/route";
import { POST as registerVersion } from "../../v1/models/[modelId]/versions/route";
import { POST as decide } from "../../v1/transitions/[requestId]/decision/route";
import { GET as downloadZip } from "../../v1/versions/[versionId]/artifacts/download/route";
import { GET as listArtifacts } from "../../v1/versions/[versionId]/artifacts/route";
import { GET as previewGate } from "../../v1/versions/[versionId]/gate/route";
import { POST as requestTransition } from "../../v1/versions/[versionId]/transitions/route";
import * as mlflowRoute from "../mlflow/[...path]/route";
import * as route from "./[...path]/route";

/**
 * Evidence read from the model's own MLmodel file, and "the approved bytes are the deployed bytes": the
 * manifest digest recorded at registration, by the gate, approvals and deployments, and checked on every download.
 */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= createCast(db.prisma).then(async (c) => (await seedDefaultPolicies(db.prisma), c)));
const local = tempLocalStore();

beforeAll(() => installArtifactStore(local.store));
afterAll(() => {
  installArtifactStore(undefined);
  rmSync(local.dir, { recursive: true, force: true });
});

const post = (p: string, token: string, body: unknown) => callMlflow(mlflowRoute.POST, "POST", p, { token, body });

const COLUMNS =
  '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type": "long", "name": "age", "required": true}, {"type": "string", "name": "segment", "required": false}, {"type": "boolean", "name": "is_new", "required": true}, {"type": "datetime", "name": "ts", "required": true}]';
const TENSOR = '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 28, 28]}}]';
const mlmodel = (inputs: string | null) =>
  [
    "artifact_path: model",
    "flavors:",
    "  python_function:",
    "    loader_module: mlflow.sklearn",
    "    python_version: 3.11.9",
    "  sklearn:",
    "    pickled_model: model.pkl",
    "    sklearn_version: 1.4.2",
    "mlflow_version: 2.11.3",
    ...(inputs
      ? [
          "signature:",
          `  inputs: '${inputs}'`,
          '  outputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]\'',
          "  params: null",
        ]
      : []),
    "",
  ].join("\n");

/** What mlflow.sklearn.log_model(model, "model", registered_model_name=name) sends to a 2.11 server with the proxy. */
async function logModel(
  token: string,
  o: { inputs?: string | null; tags?: { key: string; value: string }[]; name?: string } = {},
) {
  const exp = (await post("experiments/create", token, { name: uniq("ev") })).json.experiment_id as string;
  const run = (await post("runs/create", token, { experiment_id: exp })).json.run.info;
  const root = (run.artifact_uri as string).replace("mlflow-artifacts:/", "");
  const files: Record<string, Buffer> = {
    MLmodel: Buffer.from(mlmodel(o.inputs === undefined ? COLUMNS : o.inputs)),
    "model.pkl": Buffer.alloc(4096, 7),
    "requirements.txt": Buffer.from("scikit-learn==1.4.2\n"),
  };
  for (const [rel, body] of Object.entries(files))
    expect((await callArtifacts(route.PUT, "PUT", `artifacts/${root}/model/${rel}`, { token, body })).status).toBe(200);
  const name = o.name ?? `Ev ${uniq("m")}`;
  await post("registered-models/create", token, { name });
  const created = await post("model-versions/create", token, {
    name,
    source: `mlflow-artifacts:/${root}/model`,
    run_id: run.run_id,
    tags: o.tags ?? [],
  });
  const versionId =
    created.status === 200
      ? (
          await db.prisma.modelVersion.findFirstOrThrow({
            where: { model: { mlflowName: name }, number: Number(created.json.model_version.version) },
            select: { id: true },
          })
        ).id
      : "";
  return { created, name, root, files, versionId, key: `${root}/model` };
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("evidence from the MLmodel file", () => {
  it("log_model with a signature passes the metadata gate: framework from the flavour, features from the signature", async () => {
    const { ds } = await cast();
    const m = await logModel(ds.token);
    expect(m.created.status, JSON.stringify(m.created.json)).toBe(200);
    const v = await db.prisma.modelVersion.findUniqueOrThrow({
      where: { id: m.versionId },
      select: { framework: true, featureSchema: true, artifactDigest: true, artifactKey: true },
    });
    expect(v.framework).toBe("sklearn 1.4.2");
    expect(v.featureSchema).toEqual([
      { name: "sepal_length_cm", type: "numeric", nullable: false },
      { name: "age", type: "numeric", nullable: false },
      { name: "segment", type: "categorical", nullable: true },
      { name: "is_new", type: "categorical", categories: ["false", "true"], nullable: false },
    ]);
    const expected = manifestDigest(
      Object.entries(m.files).map(([p, b]) => ({ path: p, size: b.length, sha256: sha(b) })),
    );
    expect(v.artifactDigest).toBe(expected);
    expect(v.artifactKey).toBe(m.key);
    const listed = await callRoute(listArtifacts, { token: ds.token, params: { versionId: m.versionId } });
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({
      stored: true,
      digest: expected,
      totalBytes: Object.values(m.files).reduce((n, b) => n + b.length, 0),
    });
    expect(listed.json.files.map((f: { path: string }) => f.path)).toEqual([
      "MLmodel",
      "model.pkl",
      "requirements.txt",
    ]);
    expect(listed.json.files[1]).toEqual({ path: "model.pkl", size: 4096, sha256: sha(m.files["model.pkl"]!) });
    expect(listed.json.model.signature).toMatchObject({
      kind: "columns",
      unmapped: [{ name: "ts", type: "datetime" }],
      renamed: [{ from: "sepal length (cm)", to: "sepal_length_cm" }],
    });
    const gate = await callRoute(previewGate, { token: ds.token, params: { versionId: m.versionId } });
    expect(gate.status, JSON.stringify(gate.json)).toBe(200);
    const reqs = gate.json.preview.gate.requirements as { key: string; met: boolean }[];
    expect(reqs.find((r) => r.key === "metadata:featureSchema")?.met).toBe(true);
    expect(reqs.find((r) => r.key === "metadata:framework")?.met).toBe(true);
    expect(gate.json.preview.gate.artifactDigest).toBe(expected);
  });

  it("an explicit modelgate.feature_schema tag wins; a disagreement with the signature is kept; a plain list of names takes the signature's types", async () => {
    const { ds } = await cast();
    const full = await logModel(ds.token, {
      tags: [
        {
          key: "modelgate.feature_schema",
          value: JSON.stringify([
            { name: "age", type: "categorical" },
            { name: "extra", type: "numeric" },
          ]),
        },
      ],
    });
    expect(full.created.status, JSON.stringify(full.created.json)).toBe(200);
    const a = await db.prisma.modelVersion.findUniqueOrThrow({
      where: { id: full.versionId },
      select: { featureSchema: true, modelSignature: true },
    });
    expect((a.featureSchema as { name: string }[]).map((f) => f.name)).toEqual(["age", "extra"]);
    expect((a.modelSignature as { disagreement: unknown }).disagreement).toEqual({
      onlyInTag: ["extra"],
      onlyInSignature: ["sepal_length_cm", "segment", "is_new"],
      typeDiffers: [{ name: "age", tag: "categorical", signature: "numeric" }],
    });
    const names = await logModel(ds.token, {
      tags: [{ key: "modelgate.feature_schema", value: '["age", "segment", "sepal_length_cm"]' }],
    });
    expect(names.created.status, JSON.stringify(names.created.json)).toBe(200);
    const b = await db.prisma.modelVersion.findUniqueOrThrow({
      where: { id: names.versionId },
      select: { featureSchema: true },
    });
    expect(b.featureSchema).toEqual([
      { name: "age", type: "numeric", nullable: false },
      { name: "segment", type: "categorical", nullable: true },
      { name: "sepal_length_cm", type: "numeric", nullable: false },
    ]);
    const unknown = await logModel(ds.token, { tags: [{ key: "modelgate.feature_schema", value: '["nope"]' }] });
    expect(unknown.created.status).toBe(400);
    expect(unknown.created.json.message).toMatch(/'nope' is not an input of the model's signature/);
  });

  it("a tensor signature is reported as such and gives no feature schema; a model without signature gives none either", async () => {
    const { ds } = await cast();
    const t = await logModel(ds.token, { inputs: TENSOR });
    const v = await db.prisma.modelVersion.findUniqueOrThrow({
      where: { id: t.versionId },
      select: { featureSchema: true, modelSignature: true, framework: true },
    });
    expect(v.featureSchema).toEqual([]);
    expect(v.framework).toBe("sklearn 1.4.2");
    expect((v.modelSignature as { signature: unknown }).signature).toEqual({
      kind: "tensor",
      inputs: [{ dtype: "float32", shape: [-1, 28, 28] }],
    });
    const none = await logModel(ds.token, { inputs: null });
    expect(
      (
        await db.prisma.modelVersion.findUniqueOrThrow({
          where: { id: none.versionId },
          select: { modelSignature: true },
        })
      ).modelSignature,
    ).toMatchObject({ signature: { kind: "none" } });
  });
});

describe("the approved bytes are the deployed bytes", () => {
  it("approvals and deployments record the digest; deleting files behind a version past Design is refused", async () => {
    const { ds, ds2, it: itOps } = await cast();
    const m = await logModel(ds.token);
    const digest = (
      await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: m.versionId }, select: { artifactDigest: true } })
    ).artifactDigest!;
    const asked = await callRoute(requestTransition, {
      method: "POST",
      token: ds.token,
      params: { versionId: m.versionId },
      body: { toStage: "INDUSTRIALIZATION" },
    });
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    expect(asked.json.gate.artifactDigest).toBe(digest);
    const voted = await callRoute(decide, {
      method: "POST",
      token: ds2.token,
      params: { requestId: asked.json.id },
      body: { decision: "APPROVE", comment: "ok" },
    });
    expect(voted.status, JSON.stringify(voted.json)).toBe(200);
    expect(voted.json.approvals[0].artifactDigest).toBe(digest);
    expect((await db.prisma.approval.findFirstOrThrow({ where: { requestId: asked.json.id } })).artifactDigest).toBe(
      digest,
    );
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "approval.approved", entityId: asked.json.id },
    });
    expect((audit.after as { artifactDigest: string }).artifactDigest).toBe(digest);
    const model = await db.prisma.modelVersion.findUniqueOrThrow({
      where: { id: m.versionId },
      select: { modelId: true },
    });
    await db.prisma.environment.upsert({
      where: { name: "staging" },
      create: { name: "staging", isProduction: false },
      update: {},
    });
    const deployed = await callRoute(recordDeployment, {
      method: "POST",
      token: itOps.token,
      params: { modelId: model.modelId },
      body: { version: 1, environment: "staging" },
    });
    expect(deployed.status, JSON.stringify(deployed.json)).toBe(201);
    expect((await db.prisma.deployment.findFirstOrThrow({ where: { versionId: m.versionId } })).artifactDigest).toBe(
      digest,
    );
    expect(JSON.stringify(deployed.json)).toContain(digest);
    // Registered through /api/v1 from the same stored directory: the same manifest, the same digest.
    const viaApi = await callRoute(registerVersion, {
      method: "POST",
      token: ds.token,
      params: { modelId: model.modelId },
      body: { artifactUri: `mlflow-artifacts:/${m.key}` },
    });
    expect(viaApi.status, JSON.stringify(viaApi.json)).toBe(201);
    expect(
      (
        await db.prisma.modelVersion.findUniqueOrThrow({
          where: { id: viaApi.json.id },
          select: { artifactDigest: true },
        })
      ).artifactDigest,
    ).toBe(digest);
    // The version asked for a gate: its files may no longer be deleted, one by one or with their directory.
    await db.prisma.modelVersion.update({ where: { id: m.versionId }, data: { stage: "INDUSTRIALIZATION" } });
    for (const p of [`${m.key}/model.pkl`, m.key, m.root]) {
      const r = await callArtifacts(route.DELETE, "DELETE", `artifacts/${p}`, { token: ds.token });
      expect(r.status, p).toBe(403);
      expect(r.json.message).toMatch(/has left Design; they cannot be deleted/);
    }
    // A version still in Design (it never asked for a gate) can lose its files.
    const fresh = await logModel(ds.token);
    expect(
      (await callArtifacts(route.DELETE, "DELETE", `artifacts/${fresh.key}/requirements.txt`, { token: ds.token }))
        .status,
    ).toBe(200);
  });

  it("one byte changed behind an approved version: the MLflow download and the zip refuse, a critical alert opens, the audit says so", async () => {
    const { ds, it: itOps } = await cast();
    const m = await logModel(ds.token);
    await db.prisma.modelVersion.update({ where: { id: m.versionId }, data: { stage: "UAT" } });
    await db.prisma.stageHistory.create({ data: { versionId: m.versionId, toStage: "UAT", reason: "approved" } });
    // Intact: the MLflow path and the zip hand out the registered bytes.
    const ok = await callArtifacts(route.GET, "GET", `artifacts/${m.key}/model.pkl`, { token: itOps.token });
    expect(ok.status).toBe(200);
    expect(sha(ok.bytes)).toBe(sha(m.files["model.pkl"]!));
    const zipRes = await downloadZip(
      new Request(`http://localhost/api/v1/versions/${m.versionId}/artifacts/download`, {
        headers: { authorization: `Bearer ${itOps.token}` },
      }),
      { params: Promise.resolve({ versionId: m.versionId }) },
    );
    expect(zipRes.status).toBe(200);
    expect(zipRes.headers.get("content-type")).toBe("application/zip");
    const zipPath = path.join(os.tmpdir(), `${uniq("zip")}.zip`);
    writeFileSync(zipPath, Buffer.from(await zipRes.arrayBuffer()));
    expect(execFileSync("unzip", ["-Z1", zipPath]).toString().trim().split("\n")).toEqual([
      "MLmodel",
      "model.pkl",
      "requirements.txt",
    ]);
    expect(execFileSync("unzip", ["-p", zipPath, "model.pkl"]).equals(m.files["model.pkl"]!)).toBe(true);
    rmSync(zipPath);
    // Someone changes one byte of the stored model file, behind Modelgate's back.
    const onDisk = path.join(local.dir, m.key, "model.pkl");
    const bytes = readFileSync(onDisk);
    bytes[2048] = bytes[2048]! ^ 0xff;
    writeFileSync(onDisk, bytes);
    await expect(
      callArtifacts(route.GET, "GET", `artifacts/${m.key}/model.pkl`, { token: itOps.token }),
    ).rejects.toThrow();
    const alerts = await db.prisma.alert.findMany({ where: { versionId: m.versionId }, include: { rule: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: "OPEN",
      severity: "CRITICAL",
      rule: { kind: "ARTIFACT_INTEGRITY", name: "Artifact integrity" },
    });
    expect(alerts[0]!.message).toMatch(/model\.pkl.*does not match the registered digest/);
    const audited = await db.prisma.auditEvent.findMany({
      where: { action: "artifact.digest_mismatch", entityId: m.versionId },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.after).toMatchObject({
      file: "model.pkl",
      reason: "sha256 differs",
      expected: { size: 4096, sha256: sha(m.files["model.pkl"]!) },
      actual: { size: 4096, sha256: sha(bytes) },
    });
    expect(audited[0]!.metadata).toMatchObject({ via: "mlflow" });
    // The zip aborts before its end; the same alert stays open (one per rule), the refusal is audited again.
    const bad = await downloadZip(
      new Request(`http://localhost/api/v1/versions/${m.versionId}/artifacts/download`, {
        headers: { authorization: `Bearer ${itOps.token}` },
      }),
      { params: Promise.resolve({ versionId: m.versionId }) },
    );
    expect(bad.status).toBe(200);
    await expect(bad.arrayBuffer()).rejects.toThrow();
    expect(
      await db.prisma.auditEvent.count({ where: { action: "artifact.digest_mismatch", entityId: m.versionId } }),
    ).toBe(2);
    expect(await db.prisma.alert.count({ where: { versionId: m.versionId, status: "OPEN" } })).toBe(1);
    // A file that grew is refused before anything is sent, as a 409 from /api/v1 and a 500 INVALID_STATE from MLflow's path.
    writeFileSync(onDisk, Buffer.concat([bytes, Buffer.from("x")]));
    const sized = await callArtifacts(route.GET, "GET", `artifacts/${m.key}/model.pkl`, { token: itOps.token });
    expect(sized.status).toBe(500);
    expect(sized.json).toMatchObject({
      error_code: "INVALID_STATE",
      message: expect.stringMatching(/size 4097 instead of 4096/),
    });
    expect((await callRoute(downloadZip, { token: itOps.token, params: { versionId: m.versionId } })).status).toBe(409);
    // The alert evaluator leaves the integrity rule alone, and it does not count as the model's alert rules.
    const { evaluateModelAlerts } = await import("@/lib/server/alerts/evaluate-alert-rules");
    await db.prisma.$transaction((tx) => evaluateModelAlerts(tx, { modelId: alerts[0]!.modelId, now: new Date() }));
    expect(await db.prisma.alert.count({ where: { versionId: m.versionId, status: "OPEN" } })).toBe(1);
  });
});
