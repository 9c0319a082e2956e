import "server-only";
import { getDb } from "@/lib/db/client";
import { canonicalStage, MLFLOW_STAGES } from "@/lib/domain/mlflow/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireModelByName } from "./find-registry-ref";
import { loadLatestVersions, type TLoadedVersion } from "./registry-sql";

/**
 * getLatestVersions: the newest version in each asked stage; with no stages, the newest of every stage, as the
 * 2.11 server's SQL store answers (MLFLOW_COMPAT.md, corrected; the client's DEFAULT_STAGES_FOR_GET_LATEST_VERSIONS
 * is not what the server applies).
 */
export async function getLatestVersions({
  actor,
  name,
  stages,
}: {
  actor: TActor;
  name: string;
  stages: string[];
}): Promise<TLoadedVersion[]> {
  requirePermission(actor, "models:read");
  const wanted = stages.length ? [...new Set(stages.map(canonicalStage))] : MLFLOW_STAGES;
  const db = await getDb();
  const model = await requireModelByName(db, name);
  return (await loadLatestVersions(db, [model.id], wanted)).get(model.id) ?? [];
}
