import "server-only";
import { canOperateModel } from "@/lib/domain/rbac/operate-access";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZCreateAlertRuleRequest, type TAlertRule, type TCreateAlertRuleRequest } from "@/lib/schemas/alerts";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { ALERT_RULE_DTO_SELECT, toAlertRuleDtos } from "./alert-rule-dto";
import { evaluateModelAlerts } from "./evaluate-alert-rules";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Adds an alert rule to a model (optionally limited to one of its versions) and evaluates the model's rules
 * at once, so a rule whose condition already holds shows its alert immediately. Allowed to the people who
 * operate the model (lib/domain/rbac/operate-access.ts); audited.
 */
export async function createAlertRule({
  actor,
  modelRef,
  input: raw,
  now = new Date(),
}: {
  actor: TActor;
  modelRef: string;
  input: TCreateAlertRuleRequest;
  now?: Date;
}): Promise<TAlertRule> {
  requirePermission(actor, "alerts:read");
  const input = ZCreateAlertRuleRequest.parse(raw);
  return runTransaction(async (tx) => {
    const model = await findModelRef(tx, modelRef);
    if (!canOperateModel(actor, model))
      throw new AppError(
        "FORBIDDEN",
        `Only the people who operate ${model.slug} (its team, owners, IT operations, administrators) may configure its alerts.`,
      );
    if (model.archivedAt) throw new AppError("CONFLICT", `${model.slug} is archived; it is no longer monitored.`);
    if (
      input.versionId &&
      !(await tx.modelVersion.findFirst({ where: { id: input.versionId, modelId: model.id }, select: { id: true } }))
    ) {
      throw new AppError("VALIDATION_FAILED", "The version is not one of this model's.", {
        errors: [{ path: "versionId", message: `No version "${input.versionId}" of ${model.slug}.` }],
      });
    }
    const rule = await tx.alertRule.create({
      data: {
        modelId: model.id,
        versionId: input.versionId,
        name: input.name,
        kind: input.kind,
        config: input.config,
        severity: input.severity,
        retrain: input.retrain,
        enabled: input.enabled,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "alert_rule.created",
      entityType: "alert_rule",
      entityId: rule.id,
      modelId: model.id,
      after: input,
    });
    await evaluateModelAlerts(tx, { modelId: model.id, now });
    const [dto] = await toAlertRuleDtos(tx, [
      await tx.alertRule.findUniqueOrThrow({ where: { id: rule.id }, select: ALERT_RULE_DTO_SELECT }),
    ]);
    return dto!;
  });
}
