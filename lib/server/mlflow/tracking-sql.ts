import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import type { TExperimentFacts, TKeyValue, TMetricFacts, TRunFacts } from "@/lib/domain/mlflow/proto-json";
import type { TRunEvidence } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { experimentArtifactLocation } from "./config";
import { mlflowError } from "./mlflow-error";

/** Reads of the tracking subset, each one SQL statement for any page size (metrics, params and tags aggregated per run). */

const ms = (col: Prisma.Sql) => Prisma.sql`round(date_part('epoch', ${col}) * 1000)`; // float8; see registry-sql.ts

function asJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** json_build_object writes NaN and infinities as strings; MLflow metric values may be any double. */
const toDouble = (v: unknown) => (typeof v === "string" ? Number(v) : Number(v));

type TExperimentRow = {
  id: number;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  createdAt: number;
  updatedAt: number;
  tags: unknown;
};

export async function loadExperiments(
  db: Db | Tx,
  o: { where: Prisma.Sql; order?: Prisma.Sql; limit?: number; offset?: number },
): Promise<TExperimentFacts[]> {
  const rows = await db.$queryRaw<TExperimentRow[]>`
    SELECT e.id, e.name, e."artifactLocation", e."lifecycleStage", ${ms(Prisma.sql`e."createdAt"`)} AS "createdAt", ${ms(Prisma.sql`e."updatedAt"`)} AS "updatedAt",
      (SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key) FROM mlflow_experiment_tags t WHERE t."experimentId" = e.id) AS tags
    FROM mlflow_experiments e WHERE ${o.where}
    ORDER BY ${o.order ?? Prisma.sql`e.id`} LIMIT ${o.limit ?? 1_000_000} OFFSET ${o.offset ?? 0}`;
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    artifactLocation: experimentArtifactLocation({ id: Number(r.id), artifactLocation: r.artifactLocation }),
    lifecycleStage: r.lifecycleStage,
    createdAt: Number(r.createdAt),
    updatedAt: Number(r.updatedAt),
    tags: asJson<TKeyValue[]>(r.tags, []),
  }));
}

/** The latest point of each metric: highest step, then timestamp, then value (MLflow's rule). */
const LATEST_METRICS = (runId: Prisma.Sql) => Prisma.sql`
  (SELECT json_agg(json_build_object('key', x.key, 'value', x.value, 'timestamp', x.timestamp, 'step', x.step) ORDER BY x.key)
   FROM (SELECT DISTINCT ON (mm.key) mm.key, mm.value, mm.timestamp, mm.step FROM mlflow_run_metrics mm WHERE mm."runId" = ${runId}
         ORDER BY mm.key, mm.step DESC, mm.timestamp DESC, mm.value DESC) x)`;

type TRunRow = {
  id: string;
  experimentId: number;
  name: string;
  userId: string;
  status: string;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: string;
  inputs: unknown;
  metrics: unknown;
  params: unknown;
  tags: unknown;
};

export async function loadRuns(
  db: Db | Tx,
  o: { where: Prisma.Sql; order?: Prisma.Sql; limit?: number; offset?: number },
): Promise<TRunFacts[]> {
  const rows = await db.$queryRaw<TRunRow[]>`
    SELECT r.id, r."experimentId", r.name, r."userId", r.status, r."startTime"::float8 AS "startTime", r."endTime"::float8 AS "endTime",
      r."artifactUri", r."lifecycleStage", r.inputs, ${LATEST_METRICS(Prisma.sql`r.id`)} AS metrics,
      (SELECT json_agg(json_build_object('key', p.key, 'value', p.value) ORDER BY p.key) FROM mlflow_run_params p WHERE p."runId" = r.id) AS params,
      (SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key) FROM mlflow_run_tags t WHERE t."runId" = r.id) AS tags
    FROM mlflow_runs r WHERE ${o.where}
    ORDER BY ${o.order ?? Prisma.sql`r."startTime" DESC, r.id`} LIMIT ${o.limit ?? 1_000_000} OFFSET ${o.offset ?? 0}`;
  return rows.map((r) => ({
    id: r.id,
    experimentId: Number(r.experimentId),
    name: r.name,
    userId: r.userId,
    status: r.status,
    startTime: Number(r.startTime),
    endTime: r.endTime === null ? null : Number(r.endTime),
    artifactUri: r.artifactUri,
    lifecycleStage: r.lifecycleStage,
    inputs: asJson<unknown[]>(r.inputs, []),
    metrics: asJson<TMetricFacts[]>(r.metrics, []).map((m) => ({
      ...m,
      value: toDouble(m.value),
      timestamp: Number(m.timestamp),
      step: Number(m.step),
    })),
    params: asJson<TKeyValue[]>(r.params, []),
    tags: asJson<TKeyValue[]>(r.tags, []),
  }));
}

/** A run's evidence for a version registered from it, or null when the run is unknown. */
export async function loadRunEvidence(
  db: Db | Tx,
  runId: string,
): Promise<(TRunEvidence & { artifactUri: string }) | null> {
  const [run] = await loadRuns(db, { where: Prisma.sql`r.id = ${runId}`, limit: 1 });
  return run
    ? { metrics: run.metrics, params: run.params, tags: run.tags, inputs: run.inputs, artifactUri: run.artifactUri }
    : null;
}

export type TRunRef = {
  id: string;
  experimentId: number;
  createdById: string | null;
  teamId: string | null;
  lifecycleStage: string;
  artifactUri: string;
};

/** The run named by `run_id` (or the older `run_uuid`), or RESOURCE_DOES_NOT_EXIST. */
export async function requireRun(db: Db | Tx, runId: string): Promise<TRunRef> {
  const run = await db.mlflowRun.findUnique({
    where: { id: runId },
    select: { id: true, experimentId: true, createdById: true, teamId: true, lifecycleStage: true, artifactUri: true },
  });
  if (!run) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Run with id=${runId} not found`);
  return run;
}

/** Runs and experiments belong to their creator's team: its members, the creator and administrators may change them. */
export function requireTrackingWrite(
  actor: TActor,
  owner: { createdById: string | null; teamId: string | null },
  what: string,
): void {
  if (
    actor.roles.includes("ADMIN") ||
    actor.userId === owner.createdById ||
    (actor.teamId !== null && actor.teamId === owner.teamId)
  )
    return;
  throw mlflowError(
    "PERMISSION_DENIED",
    `Only the team that created this ${what}, its creator and administrators may change it.`,
  );
}

/** Logging goes to active runs only (MLflow's rule). */
export function requireActiveRun(run: TRunRef): void {
  if (run.lifecycleStage !== "active")
    throw mlflowError(
      "INVALID_PARAMETER_VALUE",
      `The run ${run.id} must be in the 'active' state. Current state is ${run.lifecycleStage}.`,
    );
}

export async function requireExperiment(
  db: Db | Tx,
  experimentId: string,
): Promise<{
  id: number;
  name: string;
  lifecycleStage: string;
  artifactLocation: string;
  createdById: string | null;
  teamId: string | null;
}> {
  const id = /^\d+$/.test(experimentId.trim()) ? Number(experimentId) : Number.NaN;
  const e =
    Number.isSafeInteger(id) && id <= 2_147_483_647
      ? await db.mlflowExperiment.findUnique({
          where: { id },
          select: {
            id: true,
            name: true,
            lifecycleStage: true,
            artifactLocation: true,
            createdById: true,
            teamId: true,
          },
        })
      : null;
  if (!e) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `No Experiment with id=${experimentId} exists`);
  return e;
}
