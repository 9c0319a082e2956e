import "server-only";
import { newId } from "@/lib/db/new-id";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateModelName, validateRegistryTag } from "@/lib/domain/mlflow/validation";
import { modelSettingsFromTags } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { placeNewModelName } from "./model-names";
import type { TLoadedModel } from "./registry-sql";
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
  // No global lock: a twin created meanwhile makes the INSERT fail on a unique index (the live MLflow name or
  // the slug); the retry then sees it and answers RESOURCE_ALREADY_EXISTS, or picks the next free slug.
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTransaction(async (tx) => {
        const placed = await placeNewModelName(tx, name);
        if (placed.held) throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
        const now = new Date();
        const id = newId();
        const unique = dedupe(tags).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
        await tx.model.create({
          data: { id, slug: placed.slug, mlflowName: placed.mlflowName, title: name.slice(0, 200), description, problemType: settings.problemType, criticality: settings.criticality, teamId, dsOwnerId: actor.userId, tags: [], createdById: actor.userId, createdAt: now, updatedAt: now },
          select: { id: true },
        });
        await tx.ownershipHistory.create({ data: { modelId: id, teamId, dsOwnerId: actor.userId, changedById: actor.userId, reason: "Model registered through the MLflow API", createdAt: now }, select: { id: true } });
        if (unique.length) await tx.mlflowModelTag.createMany({ data: unique.map((t) => ({ modelId: id, ...t })) });
        await appendAuditEvent(tx, {
          actor,
          action: "model.created",
          entityType: "model",
          entityId: id,
          modelId: id,
          after: { slug: placed.slug, mlflowName: name, criticality: settings.criticality, problemType: settings.problemType, teamId, dsOwnerId: actor.userId, tags: Object.fromEntries(tags.map((t) => [t.key, t.value.slice(0, 500)])) },
          metadata: { via: "mlflow" },
        });
        // What loadRegisteredModels would read back for a model this transaction just created.
        return { id, name, description, createdAt: now.getTime(), updatedAt: now.getTime(), latestVersions: [], tags: unique, aliases: [] };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= 3) throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
    }
  }
}

/** A key sent twice keeps its last value, as successive set-tag calls would. */
export function dedupe(tags: TKeyValue[]): TKeyValue[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()];
}
