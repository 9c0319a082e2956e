import "server-only";
import { getDb } from "@/lib/db/client";
import { canonicalStage, DEFAULT_LATEST_STAGES } from "@/lib/domain/mlflow/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireModelByName } from "./find-registry-ref";
import { loadLatestVersions, type TLoadedVersion } from "./registry-sql";

/** getLatestVersions: the newest version in each asked stage (default Staging and Production, per the contract). */
export async function getLatestVersions({ actor, name, stages }: { actor: TActor; name: string; stages: string[] }): Promise<TLoadedVersion[]> {
  requirePermission(actor, "models:read");
  const wanted = stages.length ? [...new Set(stages.map(canonicalStage))] : DEFAULT_LATEST_STAGES;
  const db = await getDb();
  const model = await requireModelByName(db, name);
  return (await loadLatestVersions(db, [model.id], wanted)).get(model.id) ?? [];
}
