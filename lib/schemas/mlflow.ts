import { z } from "zod";

/**
 * MLflow's proto-JSON entities as Modelgate answers them (MLFLOW_COMPAT.md). Strict: a field MLflow does
 * not define fails the contract tests. Requests are read field by field (lib/server/mlflow/request-fields.ts),
 * as MLflow's own handlers do, so there are no request schemas here.
 */
const ZKeyValue = z.object({ key: z.string(), value: z.string() }).strict();
const ZMs = z.number().int().nonnegative().describe("Epoch milliseconds (int64 as a JSON number)");

export const ZMlflowModelVersion = z
  .object({
    name: z.string(),
    version: z.string().regex(/^\d+$/).describe("A string, as in MLflow"),
    creation_timestamp: ZMs,
    last_updated_timestamp: ZMs,
    user_id: z.string().optional(),
    current_stage: z.enum(["None", "Staging", "Production", "Archived"]),
    description: z.string(),
    source: z.string(),
    run_id: z.string(),
    status: z.literal("READY"),
    tags: z.array(ZKeyValue).min(1).optional(),
    run_link: z.string(),
    aliases: z.array(z.string()).min(1).optional(),
  })
  .strict();

export const ZMlflowRegisteredModel = z
  .object({
    name: z.string(),
    creation_timestamp: ZMs,
    last_updated_timestamp: ZMs,
    description: z.string().min(1).optional(),
    latest_versions: z.array(ZMlflowModelVersion).min(1).optional(),
    tags: z.array(ZKeyValue).min(1).optional(),
    aliases: z
      .array(z.object({ alias: z.string(), version: z.string().regex(/^\d+$/) }).strict())
      .min(1)
      .optional(),
  })
  .strict();

export const ZMlflowError = z
  .object({ error_code: z.string().regex(/^[A-Z_]+$/), message: z.string().min(1) })
  .strict();

export const ZMlflowRegisteredModelResponse = z.object({ registered_model: ZMlflowRegisteredModel }).strict();
export const ZMlflowModelVersionResponse = z.object({ model_version: ZMlflowModelVersion }).strict();
export const ZMlflowSearchRegisteredModelsResponse = z
  .object({
    registered_models: z.array(ZMlflowRegisteredModel).min(1).optional(),
    next_page_token: z.string().optional(),
  })
  .strict();
export const ZMlflowSearchModelVersionsResponse = z
  .object({ model_versions: z.array(ZMlflowModelVersion).min(1).optional(), next_page_token: z.string().optional() })
  .strict();
export const ZMlflowEmptyResponse = z.object({}).strict();

export const ZMlflowExperiment = z
  .object({
    experiment_id: z.string().regex(/^\d+$/),
    name: z.string(),
    artifact_location: z.string(),
    lifecycle_stage: z.enum(["active", "deleted"]),
    last_update_time: ZMs,
    creation_time: ZMs,
    tags: z.array(ZKeyValue).min(1).optional(),
  })
  .strict();

const ZDouble = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);
export const ZMlflowMetric = z
  .object({ key: z.string(), value: ZDouble, timestamp: z.number().int(), step: z.number().int() })
  .strict();

export const ZMlflowRunInfo = z
  .object({
    run_uuid: z.string().regex(/^[0-9a-f]{32}$/),
    experiment_id: z.string(),
    run_name: z.string(),
    user_id: z.string(),
    status: z.enum(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]),
    start_time: z.number().int(),
    end_time: z.number().int().optional(),
    artifact_uri: z.string(),
    lifecycle_stage: z.enum(["active", "deleted"]),
    run_id: z.string().regex(/^[0-9a-f]{32}$/),
  })
  .strict();

export const ZMlflowRun = z
  .object({
    info: ZMlflowRunInfo,
    data: z
      .object({
        metrics: z.array(ZMlflowMetric).optional(),
        params: z.array(ZKeyValue).optional(),
        tags: z.array(ZKeyValue).optional(),
      })
      .strict(),
    inputs: z.object({ dataset_inputs: z.array(z.unknown()).optional() }).strict(),
  })
  .strict();
