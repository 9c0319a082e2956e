import { can, type TActor } from "./permissions";

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

export type TModelActions = { register: boolean; edit: boolean; archive: boolean };

/**
 * What the model page may offer: model access (above) AND the role's permission for each action. Access alone is
 * not enough — a manager of the team or any IT operator has access, yet neither may register, edit or archive,
 * and a button the API would refuse with 403 must not be shown.
 */
export function allowedModelActions(actor: TActor, model: TModelOwnership): TModelActions {
  const access = canWriteModel(actor, model);
  return {
    register: access && can(actor, "versions:register"),
    edit: access && can(actor, "models:write"),
    archive: access && can(actor, "models:archive"),
  };
}
