import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { parseVersionNumber } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { loadVersions, NAME_SQL, type TLoadedVersion } from "./registry-sql";

/** getModelVersion: one SQL statement (the hot path of model servers resolving models:/name/N). */
export async function getModelVersion({
  actor,
  name,
  version,
}: {
  actor: TActor;
  name: string;
  version: string;
}): Promise<TLoadedVersion> {
  requirePermission(actor, "models:read");
  const number = parseVersionNumber(version);
  const [v] = await loadVersions(await getDb(), {
    where: Prisma.sql`${NAME_SQL} = ${name} AND v.number = ${number}`,
    limit: 1,
  });
  if (!v) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Model Version (name=${name}, version=${number}) not found`);
  return v;
}
