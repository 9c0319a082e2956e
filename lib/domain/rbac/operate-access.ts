import { canWriteModel, type TModelOwnership } from "./model-access";
import { can, type TActor } from "./permissions";

/**
 * Rollback skips the approval round because speed matters in an incident (DESIGN.md 2.2), so it is narrower
 * than `rollback:execute` alone: the model's IT owner, or an administrator. Another IT operator is refused —
 * they can ask the owner, or an admin, who answers for the model.
 */
export function canRollback(actor: TActor | null | undefined, model: Pick<TModelOwnership, "itOwnerId">): boolean {
  if (!actor || !can(actor, "rollback:execute")) return false;
  return actor.roles.includes("ADMIN") || (model.itOwnerId !== null && actor.userId === model.itOwnerId);
}

/**
 * Configuring a model's alert rules and working its retraining requests: the people who operate or build the
 * model (its team, owners, IT operations, admins — `canWriteModel`) with a role that acts on models
 * (`models:write` for data scientists, `alerts:acknowledge` for IT). Managers and read-only tokens see, not change.
 */
export function canOperateModel(actor: TActor | null | undefined, model: TModelOwnership): boolean {
  if (!actor) return false;
  if (!can(actor, "models:write") && !can(actor, "alerts:acknowledge")) return false;
  return canWriteModel(actor, model);
}
