import "server-only";
import { newId } from "@/lib/db/new-id";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateModelName, validateRegistryTag } from "@/lib/domain/mlflow/validation";
import { modelSettingsFromTags } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEventSql } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { placeNewModelName } from "./model-names";
import type { TLoadedModel } from "./registry-sql";
import { runSqlTransaction } from "@/lib/db/run-transaction";

/**
 * createRegisteredModel: a Modelgate model like any other. Its team is the caller's and its data-science
 * owner the caller (both editable later in Modelgate); criticality and problem type come from the
 * `modelgate.*` tags or default to MISSION_CRITICAL / OTHER. A taken name is RESOURCE_ALREADY_EXISTS,
 * which mlflow.register_model relies on to go on and add a version.
 */
export async function createRegisteredModel({
  actor,
  name,
  description,
  tags,
}: {
  actor: TActor;
  name: string;
  description: string;
  tags: TKeyValue[];
}): Promise<TLoadedModel> {
  requirePermission(actor, "models:write");
  validateModelName(name);
  checkLength("Description", description, LIMITS.description);
  for (const t of tags) validateRegistryTag(t.key, t.value);
  const settings = modelSettingsFromTags(tags);
  if ("error" in settings) throw new MlflowInputError(settings.error);
  if (!actor.teamId)
    throw mlflowError(
      "PERMISSION_DENIED",
      "A model registered through MLflow belongs to its creator's team, and you belong to none. Ask an administrator to add you to a team.",
    );
  if (!actor.roles.includes("DATA_SCIENTIST"))
    throw mlflowError(
      "PERMISSION_DENIED",
      "Registering a model makes you its data-science owner; only data scientists can.",
    );
  const teamId = actor.teamId;
  // No global lock: a twin created meanwhile makes the INSERT fail on a unique index (the live MLflow name or
  // the slug); the retry then sees it and answers RESOURCE_ALREADY_EXISTS, or picks the next free slug.
  for (let attempt = 1; ; attempt++) {
    try {
      return await runSqlTransaction(async (sql) => {
        const placed = await placeNewModelName(sql, name);
        if (placed.held)
          throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
        const now = new Date();
        const id = newId();
        const unique = dedupe(tags).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
        // Model, its first ownership record and its tags in one statement (a registration is one round trip).
        await sql.query(
          `WITH m AS (
             INSERT INTO models (id, slug, "mlflowName", title, description, "problemType", criticality, "teamId", "dsOwnerId", tags, "createdById", "createdAt", "updatedAt")
             VALUES ($1, $2, $3, $4, $5, $6::"ProblemType", $7::"Criticality", $8, $9, '{}', $9, $10, $10) RETURNING id),
           o AS (
             INSERT INTO ownership_history (id, "modelId", "teamId", "dsOwnerId", "changedById", reason, "createdAt")
             SELECT $11, id, $8, $9, $9, 'Model registered through the MLflow API', $10 FROM m)
           INSERT INTO mlflow_model_tags ("modelId", key, value) SELECT m.id, t.key, t.value FROM m, unnest($12::text[], $13::text[]) AS t(key, value)`,
          [
            id,
            placed.slug,
            placed.mlflowName,
            name.slice(0, 200),
            description,
            settings.problemType,
            settings.criticality,
            teamId,
            actor.userId,
            now,
            newId(),
            unique.map((t) => t.key),
            unique.map((t) => t.value),
          ],
        );
        await appendAuditEventSql(sql, {
          actor,
          action: "model.created",
          entityType: "model",
          entityId: id,
          modelId: id,
          after: {
            slug: placed.slug,
            mlflowName: name,
            criticality: settings.criticality,
            problemType: settings.problemType,
            teamId,
            dsOwnerId: actor.userId,
            tags: Object.fromEntries(tags.map((t) => [t.key, t.value.slice(0, 500)])),
          },
          metadata: { via: "mlflow" },
        });
        // What loadRegisteredModels would read back for a model this transaction just created.
        return {
          id,
          name,
          description,
          createdAt: now.getTime(),
          updatedAt: now.getTime(),
          latestVersions: [],
          tags: unique,
          aliases: [],
        };
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
