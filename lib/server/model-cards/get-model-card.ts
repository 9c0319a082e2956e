import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { assessModelCard, modelCardTemplate } from "@/lib/domain/model-cards/model-card";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TModelCard } from "@/lib/schemas/model-cards";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";

/** The card of a model as the API and the page show it. */
export async function readModelCard(db: Db | Tx, modelId: string): Promise<TModelCard> {
  const m = await db.model.findUniqueOrThrow({
    where: { id: modelId },
    select: {
      id: true,
      slug: true,
      title: true,
      modelCard: true,
      modelCardUpdatedAt: true,
      modelCardUpdatedBy: { select: { id: true, name: true } },
    },
  });
  return {
    modelId: m.id,
    markdown: m.modelCard,
    template: modelCardTemplate(m),
    assessment: assessModelCard(m.modelCard),
    updatedAt: m.modelCardUpdatedAt?.toISOString() ?? null,
    updatedBy: m.modelCardUpdatedBy,
  };
}

/** GET …/models/{id}/card: everyone who reads the registry reads its cards. */
export async function getModelCard({ actor, modelRef }: { actor: TActor; modelRef: string }): Promise<TModelCard> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const ref = await findModelRef(db, modelRef);
  return readModelCard(db, ref.id);
}
