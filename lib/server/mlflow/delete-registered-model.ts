import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { archiveModel } from "../models/archive-model";
import { requireModelByName } from "./find-registry-ref";

/**
 * deleteRegisteredModel archives the model (every version archived, pending requests cancelled, audited);
 * nothing is erased. MLflow no longer sees it and its name is free again. Refused (RESOURCE_CONFLICT)
 * while a version is live in production: retiring a model must never orphan live traffic.
 */
export async function deleteRegisteredModel({ actor, name }: { actor: TActor; name: string }): Promise<void> {
  requirePermission(actor, "models:archive");
  const model = await requireModelByName(await getDb(), name);
  await archiveModel({ actor, modelRef: model.id, reason: "Deleted through the MLflow API" });
}
