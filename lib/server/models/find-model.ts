import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { canWriteModel } from "@/lib/domain/rbac/model-access";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";

const REF_SELECT = {
  id: true,
  slug: true,
  teamId: true,
  dsOwnerId: true,
  itOwnerId: true,
  criticality: true,
  problemType: true,
  archivedAt: true,
} as const;

/** A model by id or slug (pipelines know the slug), or NOT_FOUND. */
export async function findModelRef(db: Db | Tx, ref: string) {
  const m = await db.model.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] }, select: REF_SELECT });
  if (!m) throw new AppError("NOT_FOUND", `No model "${ref}".`);
  return m;
}

/** Throws FORBIDDEN unless the actor may change this model (its team, owners, IT operations, admins). */
export function requireModelWrite(
  actor: TActor,
  model: { teamId: string; dsOwnerId: string; itOwnerId: string | null; slug: string },
): void {
  if (!canWriteModel(actor, model)) {
    throw new AppError(
      "FORBIDDEN",
      `Only the ${model.slug} team, its owners, IT operations and administrators may change this model.`,
    );
  }
}
