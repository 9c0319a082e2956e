import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { productionAlias } from "./config";
import { requireModelByName } from "./find-registry-ref";
import { mlflowError } from "./mlflow-error";
import { loadVersions, type TLoadedVersion } from "./registry-sql";

/**
 * getModelVersionByAlias. A missing alias is INVALID_PARAMETER_VALUE (400), as MLflow answers. The
 * production alias resolves to the live version; "latest" resolves to the newest version (MLflow 3.x).
 */
export async function getModelVersionByAlias({
  actor,
  name,
  alias,
}: {
  actor: TActor;
  name: string;
  alias: string;
}): Promise<TLoadedVersion> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const model = await requireModelByName(db, name);
  const where =
    alias.toLowerCase() === "latest"
      ? Prisma.sql`v."modelId" = ${model.id}`
      : alias === productionAlias()
        ? Prisma.sql`v."modelId" = ${model.id} AND v.stage = 'MONITORING'`
        : Prisma.sql`v."modelId" = ${model.id} AND v.id = (SELECT a."versionId" FROM model_aliases a WHERE a."modelId" = ${model.id} AND a.alias = ${alias})`;
  const [v] = await loadVersions(db, { where, order: Prisma.sql`v.number DESC`, limit: 1 });
  if (v) return v;
  if (alias.toLowerCase() === "latest")
    throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Registered model ${name} has no versions.`);
  throw new MlflowInputError(`Registered model alias ${alias} not found.`);
}
