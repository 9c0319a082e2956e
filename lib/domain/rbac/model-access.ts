import type { TActor } from "./permissions";

export type TModelOwnership = { teamId: string; dsOwnerId: string; itOwnerId: string | null };

/**
 * Writes on a model (edit, register versions, request promotions, archive) belong to the people who own
 * it: its team, its data-science owner, its IT owner, and administrators. Everyone with `models:read`
 * may still see it — the portfolio is visible to all — so a refusal here is a 403, not a 404.
 */
export function canWriteModel(actor: Pick<TActor, "userId" | "roles" | "teamId">, model: TModelOwnership): boolean {
  if (actor.roles.includes("ADMIN")) return true;
  if (actor.userId === model.dsOwnerId || actor.userId === model.itOwnerId) return true;
  if (actor.roles.includes("IT_OPS")) return true; // IT operates every production model, whichever team built it.
  return actor.teamId !== null && actor.teamId === model.teamId;
}
