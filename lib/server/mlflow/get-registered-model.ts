import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { loadRegisteredModels, NAME_SQL, type TLoadedModel } from "./registry-sql";
import { Prisma } from "@/generated/prisma/client";

/** getRegisteredModel: tags, aliases (with the production alias on the live version) and latest version per stage. */
export async function getRegisteredModel({ actor, name }: { actor: TActor; name: string }): Promise<TLoadedModel> {
  requirePermission(actor, "models:read");
  const [model] = await loadRegisteredModels(await getDb(), { where: Prisma.sql`${NAME_SQL} = ${name}`, limit: 1 });
  if (!model) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Registered Model with name=${name} not found`);
  return model;
}
