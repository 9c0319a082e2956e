import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TFeatureImportanceDto } from "@/lib/schemas/importance";
import { requirePermission } from "../auth/get-actor";
import { findVersionRef } from "../versions/find-version";
import { loadImportances } from "./importance-dto";

/** GET …/importance: the version's importances, or NOT_FOUND when none were recorded. */
export async function getImportance({
  actor,
  versionId,
}: {
  actor: TActor;
  versionId: string;
}): Promise<TFeatureImportanceDto> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  await findVersionRef(db, versionId);
  const found = (await loadImportances(db, [versionId])).get(versionId);
  if (!found) throw new AppError("NOT_FOUND", "No feature importance recorded for this version yet.");
  return found;
}
