import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { validateModelName } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { requireModelByName } from "./find-registry-ref";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { assertNameFree, lockModelNames, placeModelName } from "./model-names";
import { loadRegisteredModels, type TLoadedModel } from "./registry-sql";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * renameRegisteredModel. The slug follows the name when the new name is a free valid slug (Modelgate
 * URLs change, as a renamed repository's would); otherwise the slug stays and the name is stored apart.
 */
export async function renameRegisteredModel({
  actor,
  name,
  newName,
}: {
  actor: TActor;
  name: string;
  newName: string;
}): Promise<TLoadedModel> {
  requirePermission(actor, "models:write");
  validateModelName(newName, "new_name");
  try {
    return await runTransaction(async (tx) => {
      await lockModelNames(tx);
      const model = await requireModelByName(tx, name, { lock: true });
      requireModelWrite(actor, model);
      if (newName !== name) {
        await assertNameFree(tx, newName, model.id);
        const placed = await placeModelName(tx, newName, { id: model.id, slug: model.slug });
        await tx.model.update({ where: { id: model.id }, data: { slug: placed.slug, mlflowName: placed.mlflowName } });
        await appendAuditEvent(tx, {
          actor,
          action: "model.renamed",
          entityType: "model",
          entityId: model.id,
          modelId: model.id,
          before: { name, slug: model.slug },
          after: { name: newName, slug: placed.slug },
          metadata: { via: "mlflow" },
        });
      }
      return (await loadRegisteredModels(tx, { where: Prisma.sql`m.id = ${model.id}` }))[0]!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${newName}) already exists.`);
    throw err;
  }
}
