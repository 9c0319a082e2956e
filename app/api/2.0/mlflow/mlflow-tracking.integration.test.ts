import { describe, expect, it } from "vitest";
import {
  ZMlflowEmptyResponse,
  ZMlflowError,
  ZMlflowExperiment,
  ZMlflowMetric,
  ZMlflowModelVersionResponse,
  ZMlflowRun,
  ZMlflowRunInfo,
} from "@/lib/schemas/mlflow";
import { ZVersion } from "@/lib/schemas/models";
import { getVersion } from "@/lib/server/versions/get-version";
import { callMlflow, createCast, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as route from "./[...path]/route";

/** The tracking subset (MLFLOW_COMPAT.md) and what mlflow.register_model("runs:/<run>/model", name) does with it. */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= createCast(db.prisma));

const get = (path: string, token: string, query: Record<string, string | string[]>) =>
  callMlflow(route.GET, "GET", path, { token, query });
const post = (path: string, token: string, body: unknown) => callMlflow(route.POST, "POST", path, { token, body });

function expectError(r: { status: number; json: unknown }, status: number, code: string, message?: string | RegExp) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  const e = ZMlflowError.parse(r.json);
  expect(e.error_code).toBe(code);
  if (message) expect(e.message).toMatch(message);
}

async function newRun(token: string, body: Record<string, unknown> = {}) {
  const r = await post("runs/create", token, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return ZMlflowRun.parse(r.json.run);
}

describe("experiments", () => {
  it("has the Default experiment 0, as MLflow clients expect", async () => {
    const { ds } = await cast();
    const e = ZMlflowExperiment.parse((await get("experiments/get", ds.token, { experiment_id: "0" })).json.experiment);
    expect(e).toMatchObject({
      experiment_id: "0",
      name: "Default",
      artifact_location: "mlflow-artifacts:/0",
      lifecycle_stage: "active",
    });
    expect(
      (await get("experiments/get-by-name", ds.token, { experiment_name: "Default" })).json.experiment.experiment_id,
    ).toBe("0");
  });

  it("creates, finds, searches, renames, tags, deletes and restores experiments", async () => {
    const { ds, outsider } = await cast();
    const name = uniq("exp");
    const created = await post("experiments/create", ds.token, { name, tags: [{ key: "team", value: "risk" }] });
    expect(created.json).toEqual({ experiment_id: expect.stringMatching(/^\d+$/) });
    const id = created.json.experiment_id as string;
    expectError(
      await post("experiments/create", ds.token, { name }),
      400,
      "RESOURCE_ALREADY_EXISTS",
      `Experiment '${name}' already exists.`,
    );
    expectError(
      await post("experiments/create", ds.token, {}),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'name'",
    );
    const e = ZMlflowExperiment.parse(
      (await get("experiments/get-by-name", ds.token, { experiment_name: name })).json.experiment,
    );
    expect(e).toMatchObject({
      experiment_id: id,
      artifact_location: `mlflow-artifacts:/${id}`,
      tags: [{ key: "team", value: "risk" }],
    });
    expectError(
      await get("experiments/get-by-name", ds.token, { experiment_name: "nope nope" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      "Could not find experiment with name 'nope nope'",
    );
    expectError(
      await get("experiments/get", ds.token, { experiment_id: "999999" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      "No Experiment with id=999999 exists",
    );
    const found = await post("experiments/search", ds.token, { filter: `name LIKE '${name}%'` });
    expect(found.json.experiments.map((x: { name: string }) => x.name)).toEqual([name]);
    expect(
      (await get("experiments/search", ds.token, { filter: `tags.team = 'risk' AND name = '${name}'` })).json
        .experiments,
    ).toHaveLength(1);
    expect(
      (await post("experiments/update", ds.token, { experiment_id: id, new_name: `${name}-renamed` })).json,
    ).toEqual({});
    expect(
      (await post("experiments/set-experiment-tag", ds.token, { experiment_id: id, key: "stage", value: "poc" })).json,
    ).toEqual({});
    expect(
      (await post("experiments/delete-experiment-tag", ds.token, { experiment_id: id, key: "team" })).json,
    ).toEqual({});
    expect((await get("experiments/get", ds.token, { experiment_id: id })).json.experiment).toMatchObject({
      name: `${name}-renamed`,
      tags: [{ key: "stage", value: "poc" }],
    });
    expectError(await post("experiments/delete", outsider.token, { experiment_id: id }), 403, "PERMISSION_DENIED");
    expect(
      ZMlflowEmptyResponse.parse((await post("experiments/delete", ds.token, { experiment_id: id })).json),
    ).toEqual({});
    expect((await post("experiments/search", ds.token, { filter: `name = '${name}-renamed'` })).json).toEqual({});
    expect(
      (await post("experiments/search", ds.token, { filter: `name = '${name}-renamed'`, view_type: "DELETED_ONLY" }))
        .json.experiments,
    ).toHaveLength(1);
    expectError(
      await post("runs/create", ds.token, { experiment_id: id }),
      400,
      "INVALID_PARAMETER_VALUE",
      /must be in the 'active' state/,
    );
    expect((await post("experiments/restore", ds.token, { experiment_id: id })).json).toEqual({});
    expect(
      (
        await post("experiments/search", ds.token, {
          filter: `name = '${name}-renamed'`,
          view_type: "ALL",
          max_results: 1,
        })
      ).json.experiments,
    ).toHaveLength(1);
    expectError(await post("experiments/delete", ds.token, { experiment_id: "0" }), 403, "PERMISSION_DENIED");
    expect(await db.prisma.auditEvent.count({ where: { entityType: "mlflow_experiment", entityId: id } })).toBe(4);
  });
});

describe("runs", () => {
  it("creates, gets, updates and searches runs", async () => {
    const { ds } = await cast();
    const exp = (await post("experiments/create", ds.token, { name: uniq("runs") })).json.experiment_id as string;
    const run = await newRun(ds.token, {
      experiment_id: exp,
      run_name: "baseline",
      start_time: 1_700_000_000_000,
      tags: [{ key: "mlflow.source.git.commit", value: "abcdef1234" }],
    });
    expect(run.info).toMatchObject({
      experiment_id: exp,
      run_name: "baseline",
      status: "RUNNING",
      start_time: 1_700_000_000_000,
      user_id: ds.user.email,
      lifecycle_stage: "active",
    });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${exp}/${run.info.run_id}/artifacts`);
    expect(run.info).not.toHaveProperty("end_time");
    const updated = await post("runs/update", ds.token, {
      run_uuid: run.info.run_id,
      status: "FINISHED",
      end_time: 1_700_000_100_000,
    });
    expect(ZMlflowRunInfo.parse(updated.json.run_info)).toMatchObject({
      status: "FINISHED",
      end_time: 1_700_000_100_000,
    });
    expectError(
      await post("runs/update", ds.token, { run_id: run.info.run_id, status: "DONE" }),
      400,
      "INVALID_PARAMETER_VALUE",
    );
    const second = await newRun(ds.token, { experiment_id: exp, run_name: "challenger" });
    await post("runs/log-metric", ds.token, { run_id: run.info.run_id, key: "auc", value: 0.81, timestamp: 1 });
    await post("runs/log-metric", ds.token, { run_id: second.info.run_id, key: "auc", value: 0.9, timestamp: 1 });
    const search = await post("runs/search", ds.token, {
      experiment_ids: [exp],
      filter: "metrics.auc > 0.8",
      order_by: ["metrics.auc DESC"],
    });
    expect(search.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual([
      "challenger",
      "baseline",
    ]);
    expect(
      (await post("runs/search", ds.token, { experiment_ids: [exp], filter: "attributes.status = 'FINISHED'" })).json
        .runs,
    ).toHaveLength(1);
    // MLflow's texts where clients match on them: the tracking store's max_results limit, values printed as Python does.
    expectError(
      await post("runs/search", ds.token, { experiment_ids: [exp], max_results: 50_001 }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Invalid value for max_results. It must be at most 50000, but got 50001",
    );
    expectError(
      await post("runs/search", ds.token, { experiment_ids: [exp], max_results: "many" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Invalid value many for parameter 'max_results' supplied. Hint: Value was of type 'str'.",
    );
    expect(
      (await post("runs/search", ds.token, { experiment_ids: [exp], filter: "tags.`mlflow.runName` = 'baseline'" }))
        .json.runs,
    ).toHaveLength(1);
    const paged = await post("runs/search", ds.token, { experiment_ids: [exp], max_results: 1 });
    expect(paged.json.runs).toHaveLength(1);
    expect(paged.json.next_page_token).toBeDefined();
    expectError(
      await post("runs/search", ds.token, { experiment_ids: [exp], filter: "metrics.auc LIKE 'x'" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid comparator/,
    );
    expectError(await get("runs/get", ds.token, { run_id: "0".repeat(32) }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(
      await get("runs/get", ds.token, {}),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'run_id'",
    );
  });

  it("logs metrics with history, immutable params, tags, batches within MLflow's limits", async () => {
    const { ds, outsider } = await cast();
    const run = await newRun(ds.token);
    const id = run.info.run_id;
    for (const [step, value] of [
      [0, 0.7],
      [1, 0.8],
      [2, "NaN"],
    ] as const)
      await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value, timestamp: 10 + step, step });
    expect((await post("runs/log-parameter", ds.token, { run_id: id, key: "depth", value: "3" })).json).toEqual({});
    expect((await post("runs/log-parameter", ds.token, { run_id: id, key: "depth", value: "3" })).status).toBe(200);
    expectError(
      await post("runs/log-parameter", ds.token, { run_id: id, key: "depth", value: "4" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Changing param values is not allowed/,
    );
    expect((await post("runs/set-tag", ds.token, { run_id: id, key: "note", value: "first" })).json).toEqual({});
    const history = (await get("metrics/get-history", ds.token, { run_id: id, metric_key: "auc" })).json.metrics.map(
      (m: unknown) => ZMlflowMetric.parse(m),
    );
    expect(history.map((m: { step: number; value: unknown }) => [m.step, m.value])).toEqual([
      [0, 0.7],
      [1, 0.8],
      [2, "NaN"],
    ]);
    const paged = await get("metrics/get-history", ds.token, { run_id: id, metric_key: "auc", max_results: "2" });
    expect(paged.json.metrics).toHaveLength(2);
    expect(
      (
        await get("metrics/get-history", ds.token, {
          run_id: id,
          metric_key: "auc",
          max_results: "2",
          page_token: paged.json.next_page_token,
        })
      ).json.metrics,
    ).toHaveLength(1);
    expect(
      (
        await post("runs/log-batch", ds.token, {
          run_id: id,
          metrics: [{ key: "loss", value: 0.2, timestamp: 20, step: 0 }],
          params: [{ key: "lr", value: "0.1" }],
          tags: [{ key: "note", value: "second" }],
        })
      ).json,
    ).toEqual({});
    const got = ZMlflowRun.parse((await get("runs/get", ds.token, { run_id: id })).json.run);
    expect(got.data.metrics!.map((m) => [m.key, m.value, m.step])).toEqual([
      ["auc", "NaN", 2],
      ["loss", 0.2, 0],
    ]);
    expect(got.data.params).toEqual([
      { key: "depth", value: "3" },
      { key: "lr", value: "0.1" },
    ]);
    expect(got.data.tags).toContainEqual({ key: "note", value: "second" });
    expect((await post("runs/delete-tag", ds.token, { run_id: id, key: "note" })).json).toEqual({});
    expectError(await post("runs/delete-tag", ds.token, { run_id: id, key: "note" }), 404, "RESOURCE_DOES_NOT_EXIST");
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 1, step: 0 }));
    expectError(
      await post("runs/log-batch", ds.token, { run_id: id, metrics: tooMany }),
      400,
      "INVALID_PARAMETER_VALUE",
      /at most 1000 metrics/,
    );
    expectError(
      await post("runs/log-batch", ds.token, {
        run_id: id,
        params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: "v" })),
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /at most 100 params/,
    );
    expectError(
      await post("runs/log-parameter", ds.token, { run_id: id, key: "big", value: "x".repeat(6001) }),
      400,
      "INVALID_PARAMETER_VALUE",
      /6000/,
    );
    expectError(
      await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value: 1 }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'timestamp'",
    );
    expectError(
      await post("runs/log-metric", ds.token, { run_id: id, key: "bad/../key", value: 1, timestamp: 1 }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid metric name/,
    );
    expectError(
      await post("runs/set-tag", outsider.token, { run_id: id, key: "x", value: "y" }),
      403,
      "PERMISSION_DENIED",
    );
    expect((await post("runs/delete", ds.token, { run_id: id })).json).toEqual({});
    expectError(
      await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value: 1, timestamp: 1 }),
      400,
      "INVALID_PARAMETER_VALUE",
      /must be in the 'active' state/,
    );
    expect((await post("runs/restore", ds.token, { run_id: id })).json).toEqual({});
    expect((await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value: 1, timestamp: 1 })).status).toBe(
      200,
    );
  });

  it("records logged models and dataset inputs", async () => {
    const { ds } = await cast();
    const id = (await newRun(ds.token)).info.run_id;
    const model = {
      run_id: id,
      artifact_path: "model",
      flavors: { python_function: {}, sklearn: { sklearn_version: "1.5.0" } },
    };
    expect((await post("runs/log-model", ds.token, { run_id: id, model_json: JSON.stringify(model) })).json).toEqual(
      {},
    );
    expectError(
      await post("runs/log-model", ds.token, { run_id: id, model_json: "not json" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Malformed model info/,
    );
    const dataset = {
      dataset: {
        name: "train",
        digest: "d1",
        source_type: "s3",
        source: JSON.stringify({ uri: "s3://lake/train.parquet" }),
      },
    };
    expectError(
      await post("runs/log-inputs", ds.token, { run_id: id }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'datasets'",
    );
    expect((await post("runs/log-inputs", ds.token, { run_id: id, datasets: [] })).json).toEqual({});
    expect((await post("runs/log-inputs", ds.token, { run_id: id, datasets: [dataset, dataset] })).json).toEqual({});
    await post("runs/log-inputs", ds.token, { run_id: id, datasets: [dataset] });
    const run = ZMlflowRun.parse((await get("runs/get", ds.token, { run_id: id })).json.run);
    expect(run.inputs.dataset_inputs).toHaveLength(1);
    expect(JSON.parse(run.data.tags!.find((t) => t.key === "mlflow.log-model.history")!.value)).toEqual([model]);
  });
});

describe("mlflow.register_model('runs:/<run>/model', name)", () => {
  it("turns the run's metrics, params, commit, flavour and dataset into the version's evidence, and keeps syncing while in DESIGN", async () => {
    const { ds } = await cast();
    const run = await newRun(ds.token, {
      tags: [{ key: "mlflow.source.git.commit", value: "0123456789abcdef0123456789abcdef01234567" }],
    });
    const id = run.info.run_id;
    await post("runs/log-batch", ds.token, {
      run_id: id,
      metrics: [
        { key: "auc", value: 0.86, timestamp: 1, step: 0 },
        { key: "f1", value: 0.7, timestamp: 1, step: 0 },
      ],
      params: [{ key: "depth", value: "6" }],
    });
    await post("runs/log-model", ds.token, {
      run_id: id,
      model_json: JSON.stringify({
        artifact_path: "model",
        flavors: { python_function: {}, xgboost: { xgb_version: "2.0.3" } },
      }),
    });
    await post("runs/log-inputs", ds.token, {
      run_id: id,
      datasets: [{ dataset: { name: "train", digest: "x", source: JSON.stringify({ uri: "s3://lake/train" }) } }],
    });

    // What the Python client does: create (tolerating RESOURCE_ALREADY_EXISTS), read the run, create the version.
    const name = `Credit ${uniq("m")}`;
    expect((await post("registered-models/create", ds.token, { name })).status).toBe(200);
    expect((await post("registered-models/create", ds.token, { name })).json.error_code).toBe(
      "RESOURCE_ALREADY_EXISTS",
    );
    const artifactUri = (await get("runs/get", ds.token, { run_id: id })).json.run.info.artifact_uri as string;
    const created = await post("model-versions/create", ds.token, { name, source: `${artifactUri}/model`, run_id: id });
    const mv = ZMlflowModelVersionResponse.parse(created.json).model_version;
    expect(mv).toMatchObject({ version: "1", run_id: id, source: `${artifactUri}/model`, status: "READY" });
    expect((await get("model-versions/get", ds.token, { name, version: "1" })).json.model_version.status).toBe("READY");

    const row = await db.prisma.modelVersion.findFirstOrThrow({ where: { runId: id } });
    const version = ZVersion.parse(await getVersion({ actor: ds.actor, versionId: row.id }));
    expect(version).toMatchObject({
      metrics: { auc: 0.86, f1: 0.7 },
      parameters: { depth: "6" },
      gitCommit: "0123456789abcdef0123456789abcdef01234567",
      framework: "xgboost 2.0.3",
      trainingDataset: "s3://lake/train",
      stage: "DESIGN",
      createdBy: { id: ds.user.id, name: ds.user.name },
    });

    await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value: 0.88, timestamp: 2, step: 1 });
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: row.id } })).metrics).toEqual({
      auc: 0.88,
      f1: 0.7,
    });
    expect(await db.prisma.auditEvent.count({ where: { entityId: row.id, action: "version.metrics_synced" } })).toBe(1);
    await db.prisma.modelVersion.update({ where: { id: row.id }, data: { status: "IN_REVIEW" } });
    await post("runs/log-metric", ds.token, { run_id: id, key: "auc", value: 0.5, timestamp: 3, step: 2 });
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: row.id } })).metrics).toEqual({
      auc: 0.88,
      f1: 0.7,
    });
  });
});
