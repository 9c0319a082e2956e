import { once } from "node:events";
import { rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZMlflowError, ZMlflowExperiment, ZMlflowModelVersionResponse, ZMlflowRun } from "@/lib/schemas/mlflow";
import { createCast, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import MlflowClientPackage from "mlflow";
import { installArtifactStore } from "@/lib/server/artifacts/get-artifact-store";
import { tempLocalStore } from "@/lib/testing/artifact-calls";
import * as artifactsRoute from "../mlflow-artifacts/[...path]/route";
import * as route from "./[...path]/route";

/**
 * Drives the API over real HTTP: with the third-party `mlflow` npm client (mlflow@2.0.7, a devDependency — it covers
 * the tracking calls only), and with plain fetch for the registry calls the client lacks.
 */
type TClientApi = Record<string, (args?: Record<string, unknown>) => Promise<Record<string, unknown>>>;
type TMlflowClient = { Experiments: TClientApi; Runs: TClientApi; Metrics: TClientApi; Artifacts: TClientApi };
type TMlflowCtor = new (o: { endpoint: string; headers?: Record<string, string> }) => TMlflowClient;
// The package's own typings describe its options loosely; the cast names the three namespaces this file drives.
const MLflow = MlflowClientPackage as unknown as TMlflowCtor;

const db = useTestDatabase();
let server: http.Server;
let baseUrl = "";

/** A tiny Node server in front of the catch-all route handler, so requests cross a real socket. */
beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined && !["host", "connection", "content-length"].includes(k))
        headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const artifacts = new URL(request.url).pathname.startsWith("/api/2.0/mlflow-artifacts/");
    const path = new URL(request.url).pathname.replace(/^\/api\/2\.0\/mlflow(-artifacts)?\/?/, "").split("/");
    const handler =
      (artifacts ? artifactsRoute : route)[(req.method ?? "GET") as "GET" | "POST" | "PATCH" | "DELETE" | "PUT"] ??
      route.GET;
    const response = await handler(request, { params: Promise.resolve({ path }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  installArtifactStore(undefined);
  rmSync(store.dir, { recursive: true, force: true });
});
const store = tempLocalStore();
beforeAll(() => installArtifactStore(store.store));

let castPromise: Promise<Awaited<ReturnType<typeof createCast>>> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

async function http2(method: string, path: string, token: string, body?: unknown, query?: Record<string, string>) {
  const url = `${baseUrl}/api/2.0/mlflow/${path}${query ? `?${new URLSearchParams(query)}` : ""}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe("the mlflow npm client (tracking)", () => {
  it("creates experiments and runs, logs metrics, params, tags and batches, reads history and searches", async () => {
    const { ds } = await cast();
    vi.spyOn(console, "log").mockImplementation(() => undefined); // the client prints every POST body
    const client = new MLflow({ endpoint: baseUrl, headers: { Authorization: `Bearer ${ds.token}` } });
    const name = uniq("client-exp");
    const { experiment_id } = (await client.Experiments.create({ name })) as { experiment_id: string };
    expect(
      ZMlflowExperiment.parse(((await client.Experiments.get({ experiment_id })) as { experiment: unknown }).experiment)
        .name,
    ).toBe(name);
    const { run } = (await client.Runs.create({ experiment_id, user_id: "pipeline", start_time: Date.now() })) as {
      run: unknown;
    };
    const runId = ZMlflowRun.parse(run).info.run_id;
    await client.Runs.logMetric({ run_id: runId, key: "auc", value: 0.84, timestamp: Date.now(), step: 0 });
    await client.Runs.logMetric({ run_id: runId, key: "auc", value: 0.87, timestamp: Date.now(), step: 1 });
    await client.Runs.logParameter({ run_id: runId, key: "depth", value: "5" });
    await client.Runs.setTag({ run_id: runId, key: "owner", value: "risk" });
    await client.Runs.logBatch({
      run_id: runId,
      metrics: [{ key: "f1", value: 0.7, timestamp: Date.now(), step: 0 }],
      params: [{ key: "lr", value: "0.05" }],
      tags: [],
    });
    const history = (await client.Metrics.getHistory({ run_id: runId, metric_key: "auc" })) as {
      metrics: { value: number }[];
    };
    expect(history.metrics.map((m) => m.value)).toEqual([0.84, 0.87]);
    const got = ZMlflowRun.parse(((await client.Runs.get({ run_id: runId })) as { run: unknown }).run);
    expect(got.data.metrics!.map((m) => [m.key, m.value])).toEqual([
      ["auc", 0.87],
      ["f1", 0.7],
    ]);
    expect(got.data.params).toEqual([
      { key: "depth", value: "5" },
      { key: "lr", value: "0.05" },
    ]);
    const found = (await client.Runs.search({ experiment_ids: [experiment_id], filter: "metrics.auc > 0.85" })) as {
      runs: unknown[];
    };
    expect(found.runs).toHaveLength(1);
    const updated = (await client.Runs.update({ run_id: runId, status: "FINISHED", end_time: Date.now() })) as {
      run_info: { status: string };
    };
    expect(updated.run_info.status).toBe("FINISHED");
    await client.Runs.deleteTag({ run_id: runId, key: "owner" });
    await client.Experiments.update({ experiment_id, new_name: `${name}-v2` });
    // experiments/list was removed in MLflow 2.0: a JSON 404, which the client reports as an error.
    await expect(client.Experiments.list()).rejects.toThrow(/ENDPOINT_NOT_FOUND/);
    await expect(client.Runs.get({ run_id: "f".repeat(32) })).rejects.toThrow(/RESOURCE_DOES_NOT_EXIST/);
  });
});

describe("artifacts over HTTP: the proxy as the Python client calls it, listed by the npm client", () => {
  it("uploads through the proxy, lists with artifacts/list (npm client) and downloads byte for byte", async () => {
    const { ds, outsider } = await cast();
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const client = new MLflow({ endpoint: baseUrl, headers: { Authorization: `Bearer ${ds.token}` } });
    const { experiment_id } = (await client.Experiments.create({ name: uniq("client-art") })) as {
      experiment_id: string;
    };
    const { run } = (await client.Runs.create({ experiment_id })) as {
      run: { info: { run_id: string; artifact_uri: string } };
    };
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${run.info.run_id}/artifacts`);
    const root = run.info.artifact_uri.replace("mlflow-artifacts:/", "");
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    for (const [rel, body] of [
      ["model/MLmodel", Buffer.from("flavors: {}\n")],
      ["model/data/model.bin", bytes],
    ] as const) {
      const put = await fetch(`${baseUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/${rel}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ds.token}`, "content-type": "application/octet-stream" },
        body: new Uint8Array(body),
      });
      expect(put.status).toBe(200);
    }
    expect(await client.Artifacts.list({ run_id: run.info.run_id })).toEqual({
      root_uri: run.info.artifact_uri,
      files: [{ path: "model", is_dir: true }],
    });
    expect(await client.Artifacts.list({ run_id: run.info.run_id, path: "model" })).toEqual({
      root_uri: run.info.artifact_uri,
      files: [
        { path: "model/MLmodel", is_dir: false, file_size: 12 },
        { path: "model/data", is_dir: true },
      ],
    });
    await expect(client.Artifacts.list({ run_id: run.info.run_id, path: "../x" })).rejects.toThrow(
      /INVALID_PARAMETER_VALUE/,
    );
    const got = await fetch(`${baseUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/model/data/model.bin`, {
      headers: { authorization: `Bearer ${ds.token}` },
    });
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    const other = new MLflow({ endpoint: baseUrl, headers: { Authorization: `Bearer ${outsider.token}` } });
    await expect(other.Artifacts.list({ run_id: run.info.run_id, path: "model" })).rejects.toThrow(/PERMISSION_DENIED/);
  });
});

describe("registry calls over HTTP (plain fetch; the npm client has none)", () => {
  it("registers a model from a run as mlflow.register_model does, and meets the gate on the way to Staging", async () => {
    const { ds } = await cast();
    const run = (await http2("POST", "runs/create", ds.token, { experiment_id: "0" })).json.run.info as {
      run_id: string;
      artifact_uri: string;
    };
    await http2("POST", "runs/log-metric", ds.token, { run_id: run.run_id, key: "auc", value: 0.9, timestamp: 1 });
    const name = `Http ${uniq("m")}`;
    expect((await http2("POST", "registered-models/create", ds.token, { name })).status).toBe(200);
    const dup = await http2("POST", "registered-models/create", ds.token, { name });
    expect(dup.status).toBe(400);
    expect(ZMlflowError.parse(dup.json).error_code).toBe("RESOURCE_ALREADY_EXISTS");
    const artifactUri = (await http2("GET", "runs/get", ds.token, undefined, { run_id: run.run_id })).json.run.info
      .artifact_uri as string;
    const created = await http2("POST", "model-versions/create", ds.token, {
      name,
      source: `${artifactUri}/model`,
      run_id: run.run_id,
    });
    expect(ZMlflowModelVersionResponse.parse(created.json).model_version).toMatchObject({
      version: "1",
      status: "READY",
      current_stage: "None",
    });
    const fetched = await http2("GET", "model-versions/get", ds.token, undefined, { name, version: "1" });
    expect(fetched.json.model_version.run_id).toBe(run.run_id);
    const gate = await http2("POST", "model-versions/transition-stage", ds.token, {
      name,
      version: "1",
      stage: "Staging",
      archive_existing_versions: false,
    });
    expect(gate.status).toBe(403);
    expect(ZMlflowError.parse(gate.json).message).toMatch(/Modelgate gate closed/);
    const unknown = await fetch(`${baseUrl}/api/2.0/mlflow/model-versions/nope`, {
      headers: { authorization: `Bearer ${ds.token}` },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json");
    const anonymous = await fetch(`${baseUrl}/api/2.0/mlflow/registered-models/search`);
    expect(anonymous.status).toBe(401);
  });
});
