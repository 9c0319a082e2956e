import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TModel } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "./find-model";
import { MODEL_DTO_SELECT, toModelDto } from "./model-dto";

export async function getModel({ actor, modelRef }: { actor: TActor; modelRef: string }): Promise<TModel> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const ref = await findModelRef(db, modelRef);
  return toModelDto(await db.model.findUniqueOrThrow({ where: { id: ref.id }, select: MODEL_DTO_SELECT }));
}
