import "server-only";
import { canOperateModel } from "@/lib/domain/rbac/operate-access";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  RULE_CONFIG_SCHEMAS,
  ZUpdateAlertRuleRequest,
  type TAlertRule,
  type TUpdateAlertRuleRequest,
} from "@/lib/schemas/alerts";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { toFieldErrors } from "../http/define-route";
import { ALERT_RULE_DTO_SELECT, toAlertRuleDtos } from "./alert-rule-dto";
import { evaluateModelAlerts } from "./evaluate-alert-rules";
import { runTransaction } from "@/lib/db/run-transaction";
import { isSystemAlertKind } from "@/lib/domain/alerts/alert-rules";

/**
 * Changes a rule's name, severity, retrain flag, enabled flag or config (validated against the rule's kind,
 * which cannot change), then re-evaluates the model's rules: disabling resolves the rule's unresolved alert,
 * a new threshold opens or resolves one at once.
 */
export async function updateAlertRule({
  actor,
  ruleId,
  input: raw,
  now = new Date(),
}: {
  actor: TActor;
  ruleId: string;
  input: TUpdateAlertRuleRequest;
  now?: Date;
}): Promise<TAlertRule> {
  requirePermission(actor, "alerts:read");
  const input = ZUpdateAlertRuleRequest.parse(raw);
  return runTransaction(async (tx) => {
    const rule = await tx.alertRule.findUnique({
      where: { id: ruleId },
      select: {
        id: true,
        name: true,
        kind: true,
        config: true,
        severity: true,
        retrain: true,
        enabled: true,
        model: { select: { id: true, slug: true, teamId: true, dsOwnerId: true, itOwnerId: true } },
      },
    });
    if (!rule) throw new AppError("NOT_FOUND", "No such alert rule.");
    if (!canOperateModel(actor, rule.model))
      throw new AppError(
        "FORBIDDEN",
        `Only the people who operate ${rule.model.slug} (its team, owners, IT operations, administrators) may configure its alerts.`,
      );
    if (isSystemAlertKind(rule.kind))
      throw new AppError(
        "CONFLICT",
        `"${rule.name}" is a system rule: it cannot be edited. Acknowledge its alert instead.`,
      );
    let config: object | undefined;
    if (input.config !== undefined) {
      const parsed = RULE_CONFIG_SCHEMAS[rule.kind].safeParse(input.config);
      if (!parsed.success)
        throw new AppError("VALIDATION_FAILED", `The config is not valid for a ${rule.kind} rule.`, {
          errors: toFieldErrors(parsed.error, "config"),
        });
      config = parsed.data;
    }
    const data = { name: input.name, severity: input.severity, retrain: input.retrain, enabled: input.enabled, config };
    await tx.alertRule.update({ where: { id: ruleId }, data });
    const before = {
      name: rule.name,
      severity: rule.severity,
      retrain: rule.retrain,
      enabled: rule.enabled,
      config: rule.config,
    };
    await appendAuditEvent(tx, {
      actor,
      action: "alert_rule.updated",
      entityType: "alert_rule",
      entityId: ruleId,
      modelId: rule.model.id,
      before,
      after: { ...before, ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) },
    });
    await evaluateModelAlerts(tx, { modelId: rule.model.id, now });
    const [dto] = await toAlertRuleDtos(tx, [
      await tx.alertRule.findUniqueOrThrow({ where: { id: ruleId }, select: ALERT_RULE_DTO_SELECT }),
    ]);
    return dto!;
  });
}
