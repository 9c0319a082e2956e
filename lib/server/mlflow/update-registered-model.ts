import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { checkLength, LIMITS } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { updateModel } from "../models/update-model";
import { requireModelByName } from "./find-registry-ref";
import { loadRegisteredModels, type TLoadedModel } from "./registry-sql";

/** updateRegisteredModel: the description is the Modelgate model's description (same use case, same audit). */
export async function updateRegisteredModel({
  actor,
  name,
  description,
}: {
  actor: TActor;
  name: string;
  description: string | undefined;
}): Promise<TLoadedModel> {
  requirePermission(actor, "models:write");
  const db = await getDb();
  const model = await requireModelByName(db, name);
  if (description !== undefined) {
    checkLength("Description", description, LIMITS.description);
    await updateModel({ actor, modelRef: model.id, input: { description } });
  }
  return (await loadRegisteredModels(db, { where: Prisma.sql`m.id = ${model.id}` }))[0]!;
}
