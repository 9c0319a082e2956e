import "server-only";
import { experimentJson, metricJson, runInfoJson, runJson } from "@/lib/domain/mlflow/proto-json";
import { listRunArtifacts } from "./list-run-artifacts";
import { createExperiment } from "./create-experiment";
import { createRun } from "./create-run";
import type { TMlflowCtx, TMlflowEndpoint, TMlflowRouteTable } from "./define-mlflow-route";
import { deleteRunTag } from "./delete-run-tag";
import { getExperiment } from "./get-experiment";
import { getMetricHistory } from "./get-metric-history";
import { getRun } from "./get-run";
import { logRunData, type TMetricInput } from "./log-run-data";
import { logRunInputs } from "./log-run-inputs";
import { logRunModel } from "./log-run-model";
import { mlflowError } from "./mlflow-error";
import { MlflowFields } from "./request-fields";
import { searchExperiments } from "./search-experiments";
import { searchRuns } from "./search-runs";
import { setExperimentTag } from "./set-experiment-tag";
import { setRunLifecycle } from "./set-run-lifecycle";
import { updateExperiment } from "./update-experiment";
import { updateRun } from "./update-run";

/** `run_id`, or `run_uuid` as older clients send it. */
function runIdOf(fields: MlflowFields): string {
  const id = fields.string("run_id") || fields.string("run_uuid");
  if (!id)
    throw mlflowError(
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    );
  return id;
}

function metricOf(fields: MlflowFields): TMetricInput {
  return {
    key: fields.requiredString("key"),
    value: fields.requiredDouble("value"),
    timestamp: fields.requiredInt("timestamp"),
    step: fields.int("step") ?? 0,
  };
}

function requiredValue(fields: MlflowFields): string {
  const v = fields.string("value");
  if (v === undefined)
    throw mlflowError(
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'value'. See the API docs for more information about request parameters.",
    );
  return v;
}

const write = (handler: (ctx: TMlflowCtx) => Promise<object>): TMlflowEndpoint => ({
  permission: "versions:register",
  handler,
});
const read = (handler: (ctx: TMlflowCtx) => Promise<object>): TMlflowEndpoint => ({
  permission: "models:read",
  handler,
});

const searchExperimentsEndpoint = read(async ({ actor, fields }) => {
  const page = await searchExperiments({
    actor,
    filter: fields.string("filter"),
    maxResults: fields.int("max_results"),
    orderBy: fields.stringList("order_by"),
    pageToken: fields.string("page_token"),
    viewType: fields.string("view_type") ?? fields.int("view_type")?.toString(),
  });
  return {
    ...(page.items.length ? { experiments: page.items.map(experimentJson) } : {}),
    ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
  };
});

/** The tracking subset mlflow.register_model and MlflowClient need (MLFLOW_COMPAT.md, "Tracking subset"). */
export const TRACKING_ENDPOINTS: TMlflowRouteTable = {
  "experiments/get-by-name": {
    GET: read(async ({ actor, fields }) => ({
      experiment: experimentJson(await getExperiment({ actor, name: fields.requiredString("experiment_name") })),
    })),
  },
  "experiments/create": {
    POST: write(async ({ actor, fields }) => ({
      experiment_id: String(
        await createExperiment({
          actor,
          name: fields.requiredString("name"),
          artifactLocation: fields.string("artifact_location") || undefined,
          tags: fields.keyValues("tags"),
        }),
      ),
    })),
  },
  "experiments/search": { GET: searchExperimentsEndpoint, POST: searchExperimentsEndpoint },
  "experiments/get": {
    GET: read(async ({ actor, fields }) => ({
      experiment: experimentJson(await getExperiment({ actor, id: fields.requiredString("experiment_id") })),
    })),
  },
  "experiments/delete": {
    POST: write(
      async ({ actor, fields }) => (
        await updateExperiment({
          actor,
          experimentId: fields.requiredString("experiment_id"),
          change: { lifecycleStage: "deleted" },
        }),
        {}
      ),
    ),
  },
  "experiments/restore": {
    POST: write(
      async ({ actor, fields }) => (
        await updateExperiment({
          actor,
          experimentId: fields.requiredString("experiment_id"),
          change: { lifecycleStage: "active" },
        }),
        {}
      ),
    ),
  },
  "experiments/update": {
    POST: write(
      async ({ actor, fields }) => (
        await updateExperiment({
          actor,
          experimentId: fields.requiredString("experiment_id"),
          change: { newName: fields.requiredString("new_name") },
        }),
        {}
      ),
    ),
  },
  "experiments/set-experiment-tag": {
    POST: write(
      async ({ actor, fields }) => (
        await setExperimentTag({
          actor,
          experimentId: fields.requiredString("experiment_id"),
          key: fields.requiredString("key"),
          value: requiredValue(fields),
        }),
        {}
      ),
    ),
  },
  "experiments/delete-experiment-tag": {
    POST: write(
      async ({ actor, fields }) => (
        await setExperimentTag({
          actor,
          experimentId: fields.requiredString("experiment_id"),
          key: fields.requiredString("key"),
          value: null,
        }),
        {}
      ),
    ),
  },
  "runs/create": {
    POST: write(async ({ actor, fields }) => ({
      run: runJson(
        await createRun({
          actor,
          experimentId: fields.string("experiment_id") || undefined,
          userId: fields.string("user_id"),
          runName: fields.string("run_name"),
          startTime: fields.int("start_time"),
          tags: fields.keyValues("tags"),
        }),
      ),
    })),
  },
  "runs/update": {
    POST: write(async ({ actor, fields }) => ({
      run_info: runInfoJson(
        await updateRun({
          actor,
          runId: runIdOf(fields),
          status: fields.string("status"),
          endTime: fields.int("end_time"),
          runName: fields.string("run_name") || undefined,
        }),
      ),
    })),
  },
  "runs/delete": {
    POST: write(
      async ({ actor, fields }) => (
        await setRunLifecycle({ actor, runId: runIdOf(fields), lifecycleStage: "deleted" }),
        {}
      ),
    ),
  },
  "runs/restore": {
    POST: write(
      async ({ actor, fields }) => (
        await setRunLifecycle({ actor, runId: runIdOf(fields), lifecycleStage: "active" }),
        {}
      ),
    ),
  },
  "runs/log-metric": {
    POST: write(
      async ({ actor, fields }) => (
        await logRunData({ actor, runId: runIdOf(fields), metrics: [metricOf(fields)], params: [], tags: [] }),
        {}
      ),
    ),
  },
  "runs/log-parameter": {
    POST: write(
      async ({ actor, fields }) => (
        await logRunData({
          actor,
          runId: runIdOf(fields),
          metrics: [],
          params: [{ key: fields.requiredString("key"), value: requiredValue(fields) }],
          tags: [],
        }),
        {}
      ),
    ),
  },
  "runs/set-tag": {
    POST: write(
      async ({ actor, fields }) => (
        await logRunData({
          actor,
          runId: runIdOf(fields),
          metrics: [],
          params: [],
          tags: [{ key: fields.requiredString("key"), value: requiredValue(fields) }],
        }),
        {}
      ),
    ),
  },
  "runs/delete-tag": {
    POST: write(
      async ({ actor, fields }) => (
        await deleteRunTag({ actor, runId: runIdOf(fields), key: fields.requiredString("key") }),
        {}
      ),
    ),
  },
  "runs/get": {
    GET: read(async ({ actor, fields }) => ({ run: runJson(await getRun({ actor, runId: runIdOf(fields) })) })),
  },
  "runs/search": {
    POST: read(async ({ actor, fields }) => {
      const page = await searchRuns({
        actor,
        experimentIds: fields.stringList("experiment_ids"),
        filter: fields.string("filter"),
        runViewType: fields.string("run_view_type") ?? fields.int("run_view_type")?.toString(),
        maxResults: fields.int("max_results"),
        orderBy: fields.stringList("order_by"),
        pageToken: fields.string("page_token"),
      });
      return {
        ...(page.items.length ? { runs: page.items.map(runJson) } : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    }),
  },
  "metrics/get-history": {
    GET: read(async ({ actor, fields }) => {
      const page = await getMetricHistory({
        actor,
        runId: runIdOf(fields),
        key: fields.requiredString("metric_key"),
        maxResults: fields.int("max_results"),
        pageToken: fields.string("page_token"),
      });
      return {
        ...(page.items.length ? { metrics: page.items.map(metricJson) } : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    }),
  },
  "runs/log-batch": {
    POST: write(async ({ actor, fields }) => {
      const metrics = fields.objects("metrics").map((m) => metricOf(MlflowFields.fromBody(m)));
      await logRunData({
        actor,
        runId: runIdOf(fields),
        metrics,
        params: fields.keyValues("params"),
        tags: fields.keyValues("tags"),
      });
      return {};
    }),
  },
  "artifacts/list": {
    GET: read(async ({ actor, fields }) =>
      listRunArtifacts({ actor, runId: runIdOf(fields), path: fields.string("path") || undefined }),
    ),
  },
  "runs/log-model": {
    POST: write(
      async ({ actor, fields }) => (
        await logRunModel({ actor, runId: runIdOf(fields), modelJson: fields.requiredString("model_json") }),
        {}
      ),
    ),
  },
  "runs/log-inputs": {
    POST: write(async ({ actor, fields }) => {
      const runId = fields.requiredString("run_id");
      // MLflow 2.11 validates `datasets` as required (an empty list passes, a missing one does not).
      if (!fields.has("datasets"))
        throw mlflowError(
          "INVALID_PARAMETER_VALUE",
          "Missing value for required parameter 'datasets'. See the API docs for more information about request parameters.",
        );
      await logRunInputs({ actor, runId, datasets: fields.objects("datasets") });
      return {};
    }),
  },
};
