import "server-only";
import { getDb } from "@/lib/db/client";
import { canOperateModel, canRollback } from "@/lib/domain/rbac/operate-access";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import type { TAlertRule } from "@/lib/schemas/alerts";
import type { TRollbackPlan } from "@/lib/schemas/deployments";
import type { TRetrainingRequest } from "@/lib/schemas/retraining";
import { requirePermission } from "../auth/get-actor";
import { ALERT_RULE_DTO_SELECT, toAlertRuleDtos } from "../alerts/alert-rule-dto";
import { toRollbackPlanDto } from "../deployments/get-rollback-plan";
import { loadRollbackPlan } from "../deployments/load-rollback-plan";
import { findModelRef } from "../models/find-model";
import { RETRAINING_DTO_SELECT, toRetrainingDtos } from "../retraining/retraining-dto";

export type TModelProductionView = {
  environments: { id: string; name: string; isProduction: boolean }[];
  /** Versions a deployment can be recorded for (not archived), newest first. */
  versions: { id: string; number: number; stage: string }[];
  canDeploy: boolean;
  /** The rollback plan of the "production" environment, when the model has one live there. */
  rollback: TRollbackPlan | null;
  alertRules: TAlertRule[];
  canConfigure: boolean;
  retraining: TRetrainingRequest[];
  /** People a retraining request can be assigned to: active data scientists and IT operators. */
  assignees: { id: string; name: string }[];
};

/**
 * The model page's production cards (deployment actions, rollback, alert rules, retraining: a view over the
 * alerts, deployments and retraining features), with what the
 * viewer may do computed by the same rules the use cases enforce.
 */
export async function getModelProductionView({
  actor,
  modelRef,
}: {
  actor: TActor;
  modelRef: string;
}): Promise<TModelProductionView> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const model = await findModelRef(db, modelRef);
  const canConfigure = canOperateModel(actor, model) && !model.archivedAt;
  const [environments, versions, rules, retraining, production] = await Promise.all([
    db.environment.findMany({
      select: { id: true, name: true, isProduction: true },
      orderBy: [{ isProduction: "desc" }, { name: "asc" }],
    }),
    db.modelVersion.findMany({
      where: { modelId: model.id, stage: { not: "ARCHIVED" } },
      select: { id: true, number: true, stage: true },
      orderBy: { number: "desc" },
    }),
    db.alertRule.findMany({
      where: { modelId: model.id },
      select: ALERT_RULE_DTO_SELECT,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.retrainingRequest.findMany({
      where: { modelId: model.id },
      select: RETRAINING_DTO_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
    }),
    db.deployment.findFirst({
      where: { modelId: model.id, status: "ACTIVE", environment: { name: "production" } },
      select: { id: true },
    }),
  ]);
  const rollback = production
    ? toRollbackPlanDto(
        await loadRollbackPlan(db, { modelId: model.id, problemType: model.problemType, environment: "production" }),
        canRollback(actor, model),
      )
    : null;
  const assignees = canConfigure
    ? await db.$queryRaw<
        { id: string; name: string }[]
      >`SELECT id, name FROM users WHERE active AND ('DATA_SCIENTIST' = ANY(roles) OR 'IT_OPS' = ANY(roles)) ORDER BY name LIMIT 200`
    : [];
  return {
    environments,
    versions,
    canDeploy: can(actor, "deployments:write") && !model.archivedAt,
    rollback,
    alertRules: await toAlertRuleDtos(db, rules),
    canConfigure,
    retraining: await toRetrainingDtos(db, retraining),
    assignees,
  };
}
