import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { parseVersionNumber } from "@/lib/domain/mlflow/validation";
import { mlflowError } from "./mlflow-error";
import { LIVE_MODEL, LIVE_VERSION, NAME_SQL } from "./registry-sql";

export type TModelRef = {
  id: string;
  slug: string;
  name: string;
  mlflowName: string | null;
  teamId: string;
  dsOwnerId: string;
  itOwnerId: string | null;
  criticality: "MISSION_CRITICAL" | "INTERNAL";
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
};

/** A live model by MLflow name (index models_mlflow_name_live_key), or null. `lock` takes its row lock. */
export async function findModelByName(
  db: Db | Tx,
  name: string,
  o: { lock?: boolean } = {},
): Promise<TModelRef | null> {
  const rows = await db.$queryRaw<TModelRef[]>`
    SELECT m.id, m.slug, ${NAME_SQL} AS name, m."mlflowName", m."teamId", m."dsOwnerId", m."itOwnerId", m.criticality::text AS criticality, m."problemType"::text AS "problemType"
    FROM models m WHERE ${LIVE_MODEL} AND ${NAME_SQL} = ${name} ${o.lock ? Prisma.sql`FOR NO KEY UPDATE` : Prisma.empty}`;
  return rows[0] ?? null;
}

/** Like findModelByName, or RESOURCE_DOES_NOT_EXIST in MLflow's words. */
export async function requireModelByName(db: Db | Tx, name: string, o: { lock?: boolean } = {}): Promise<TModelRef> {
  const m = await findModelByName(db, name, o);
  if (!m) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Registered Model with name=${name} not found`);
  return m;
}

export type TVersionRef = {
  id: string;
  number: number;
  stage: TStage;
  status: string;
  createdById: string | null;
  runId: string | null;
  artifactUri: string;
  model: TModelRef;
};

/** A live version by model name and number (a string, as MLflow sends it), or RESOURCE_DOES_NOT_EXIST. */
export async function requireVersionByName(
  db: Db | Tx,
  name: string,
  version: string,
  o: { lock?: boolean } = {},
): Promise<TVersionRef> {
  const number = parseVersionNumber(version);
  const rows = await db.$queryRaw<(Omit<TVersionRef, "model"> & { modelId: string })[]>`
    SELECT v.id, v.number, v.stage::text AS stage, v.status::text AS status, v."createdById", v."runId", v."artifactUri", v."modelId"
    FROM model_versions v JOIN models m ON m.id = v."modelId"
    WHERE ${LIVE_MODEL} AND ${LIVE_VERSION} AND ${NAME_SQL} = ${name} AND v.number = ${number}
    ${o.lock ? Prisma.sql`FOR NO KEY UPDATE OF m, v` : Prisma.empty}`;
  const row = rows[0];
  if (!row) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Model Version (name=${name}, version=${number}) not found`);
  const model = await requireModelByName(db, name);
  const { modelId: _modelId, ...rest } = row;
  return { ...rest, number: Number(rest.number), model };
}
