import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateModelName, validateRegistryTag } from "@/lib/domain/mlflow/validation";
import { modelSettingsFromTags } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { assertNameFree, lockModelNames, placeModelName } from "./model-names";
import { loadRegisteredModels, type TLoadedModel } from "./registry-sql";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * createRegisteredModel: a Modelgate model like any other. Its team is the caller's and its data-science
 * owner the caller (both editable later in Modelgate); criticality and problem type come from the
 * `modelgate.*` tags or default to MISSION_CRITICAL / OTHER. A taken name is RESOURCE_ALREADY_EXISTS,
 * which mlflow.register_model relies on to go on and add a version.
 */
export async function createRegisteredModel({ actor, name, description, tags }: { actor: TActor; name: string; description: string; tags: TKeyValue[] }): Promise<TLoadedModel> {
  requirePermission(actor, "models:write");
  validateModelName(name);
  checkLength("Description", description, LIMITS.description);
  for (const t of tags) validateRegistryTag(t.key, t.value);
  const settings = modelSettingsFromTags(tags);
  if ("error" in settings) throw new MlflowInputError(settings.error);
  if (!actor.teamId) throw mlflowError("PERMISSION_DENIED", "A model registered through MLflow belongs to its creator's team, and you belong to none. Ask an administrator to add you to a team.");
  if (!actor.roles.includes("DATA_SCIENTIST")) throw mlflowError("PERMISSION_DENIED", "Registering a model makes you its data-science owner; only data scientists can.");
  const teamId = actor.teamId;
  try {
    return await runTransaction(async (tx) => {
      await lockModelNames(tx);
      await assertNameFree(tx, name);
      const placed = await placeModelName(tx, name, null);
      const model = await tx.model.create({
        data: { ...placed, title: name.slice(0, 200), description, problemType: settings.problemType, criticality: settings.criticality, teamId, dsOwnerId: actor.userId, tags: [], createdById: actor.userId },
        select: { id: true },
      });
      await tx.ownershipHistory.create({ data: { modelId: model.id, teamId, dsOwnerId: actor.userId, changedById: actor.userId, reason: "Model registered through the MLflow API" } });
      if (tags.length) await tx.mlflowModelTag.createMany({ data: dedupe(tags).map((t) => ({ modelId: model.id, ...t })) });
      await appendAuditEvent(tx, {
        actor,
        action: "model.created",
        entityType: "model",
        entityId: model.id,
        modelId: model.id,
        after: { slug: placed.slug, mlflowName: name, criticality: settings.criticality, problemType: settings.problemType, teamId, dsOwnerId: actor.userId, tags: Object.fromEntries(tags.map((t) => [t.key, t.value.slice(0, 500)])) },
        metadata: { via: "mlflow" },
      });
      return (await loadRegisteredModels(tx, { where: Prisma.sql`m.id = ${model.id}` }))[0]!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
    throw err;
  }
}

/** A key sent twice keeps its last value, as successive set-tag calls would. */
export function dedupe(tags: TKeyValue[]): TKeyValue[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()];
}
