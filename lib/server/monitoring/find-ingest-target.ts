import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { TProblemType } from "@/lib/domain/gates/policy";
import type { TFeatureSpec } from "@/lib/domain/monitoring/columns";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { requireModelWrite } from "../models/find-model";

type Row = {
  id: string;
  number: number;
  modelId: string;
  featureSchema: unknown;
  slug: string;
  teamId: string;
  dsOwnerId: string;
  itOwnerId: string | null;
  problemType: TProblemType;
  archivedAt: Date | null;
  datasetDriftThreshold: number;
};

/**
 * The version data is sent for, with what ingestion needs of its model. NOT_FOUND for an unknown version;
 * FORBIDDEN unless the actor may write the model (its team, owners, IT operations, admins) — an ingest
 * token is only as strong as its owner; CONFLICT when the model is archived. One joined query: it runs
 * on every metrics batch, and Prisma would issue two for the version and its model.
 */
export async function findIngestTarget(db: Db | Tx, actor: TActor, versionId: string) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT v.id, v.number, v."modelId", v."featureSchema", m.slug, m."teamId", m."dsOwnerId", m."itOwnerId",
           m."problemType"::text AS "problemType", m."archivedAt", m."datasetDriftThreshold"
    FROM model_versions v JOIN models m ON m.id = v."modelId"
    WHERE v.id = ${versionId}`;
  const v = rows[0];
  if (!v) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  const model = {
    id: v.modelId,
    slug: v.slug,
    teamId: v.teamId,
    dsOwnerId: v.dsOwnerId,
    itOwnerId: v.itOwnerId,
    problemType: v.problemType,
    archivedAt: v.archivedAt,
    datasetDriftThreshold: v.datasetDriftThreshold,
  };
  requireModelWrite(actor, model);
  if (model.archivedAt)
    throw new AppError("CONFLICT", `${model.slug} is archived; it no longer accepts monitoring data.`);
  return {
    id: v.id,
    number: v.number,
    modelId: v.modelId,
    model,
    featureSchema: (Array.isArray(v.featureSchema) ? v.featureSchema : []) as TFeatureSpec[],
  };
}
