import type { TStage } from "../lifecycle/stages";
import { MLFLOW_STAGE_OF, type TMlflowStage } from "./stages";

/**
 * MLflow's proto-JSON: snake_case names, int64 as JSON numbers (epoch milliseconds), `version` as a
 * string, unset fields omitted and empty repeated fields left out. Key order follows what MLflow 2.11
 * returns (MLFLOW_COMPAT.md golden shapes), so diffs against a real server stay readable.
 */
export type TKeyValue = { key: string; value: string };

export type TVersionFacts = {
  name: string;
  number: number;
  createdAt: number;
  updatedAt: number;
  /** The Modelgate user who registered it (their email), when known. */
  userId: string | null;
  stage: TStage;
  description: string;
  source: string;
  runId: string | null;
  runLink: string;
  tags: TKeyValue[];
  aliases: string[];
};

export type TModelVersionJson = {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id?: string;
  current_stage: TMlflowStage;
  description: string;
  source: string;
  run_id: string;
  status: "READY";
  tags?: TKeyValue[];
  run_link: string;
  aliases?: string[];
};

/** Versions are READY at once (no asynchronous registration); description, run_id and run_link are "" when unset, as the SQL store returns them. */
export function modelVersionJson(v: TVersionFacts): TModelVersionJson {
  return {
    name: v.name,
    version: String(v.number),
    creation_timestamp: v.createdAt,
    last_updated_timestamp: v.updatedAt,
    ...(v.userId ? { user_id: v.userId } : {}),
    current_stage: MLFLOW_STAGE_OF[v.stage],
    description: v.description,
    source: v.source,
    run_id: v.runId ?? "",
    status: "READY",
    ...(v.tags.length ? { tags: v.tags } : {}),
    run_link: v.runLink,
    ...(v.aliases.length ? { aliases: v.aliases } : {}),
  };
}

export type TRegisteredModelFacts = {
  name: string;
  createdAt: number;
  updatedAt: number;
  description: string;
  latestVersions: TVersionFacts[];
  tags: TKeyValue[];
  aliases: { alias: string; version: number }[];
};

export type TRegisteredModelJson = {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: TModelVersionJson[];
  tags?: TKeyValue[];
  aliases?: { alias: string; version: string }[];
};

export function registeredModelJson(m: TRegisteredModelFacts): TRegisteredModelJson {
  return {
    name: m.name,
    creation_timestamp: m.createdAt,
    last_updated_timestamp: m.updatedAt,
    ...(m.description ? { description: m.description } : {}),
    ...(m.latestVersions.length ? { latest_versions: m.latestVersions.map(modelVersionJson) } : {}),
    ...(m.tags.length ? { tags: m.tags } : {}),
    ...(m.aliases.length ? { aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })) } : {}),
  };
}

/** proto3 JSON doubles: NaN and infinities travel as strings. */
export function protoDouble(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

export type TExperimentFacts = {
  id: number;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  createdAt: number;
  updatedAt: number;
  tags: TKeyValue[];
};

export function experimentJson(e: TExperimentFacts) {
  return {
    experiment_id: String(e.id),
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.updatedAt,
    creation_time: e.createdAt,
    ...(e.tags.length ? { tags: e.tags } : {}),
  };
}

export type TMetricFacts = { key: string; value: number; timestamp: number; step: number };

export function metricJson(m: TMetricFacts) {
  return { key: m.key, value: protoDouble(m.value), timestamp: m.timestamp, step: m.step };
}

export type TRunInfoFacts = {
  id: string;
  experimentId: number;
  name: string;
  userId: string;
  status: string;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: string;
};

export function runInfoJson(r: TRunInfoFacts) {
  return {
    run_uuid: r.id,
    experiment_id: String(r.experimentId),
    run_name: r.name,
    user_id: r.userId,
    status: r.status,
    start_time: r.startTime,
    ...(r.endTime !== null ? { end_time: r.endTime } : {}),
    artifact_uri: r.artifactUri,
    lifecycle_stage: r.lifecycleStage,
    run_id: r.id,
  };
}

export type TRunFacts = TRunInfoFacts & {
  metrics: TMetricFacts[];
  params: TKeyValue[];
  tags: TKeyValue[];
  inputs: unknown[];
};

export function runJson(r: TRunFacts) {
  return {
    info: runInfoJson(r),
    data: {
      ...(r.metrics.length ? { metrics: r.metrics.map(metricJson) } : {}),
      ...(r.params.length ? { params: r.params } : {}),
      ...(r.tags.length ? { tags: r.tags } : {}),
    },
    inputs: r.inputs.length ? { dataset_inputs: r.inputs } : {},
  };
}
