import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TAlertRule } from "@/lib/schemas/alerts";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { ALERT_RULE_DTO_SELECT, toAlertRuleDtos } from "./alert-rule-dto";

/** A model's alert rules, oldest first, each with its unresolved alert if any. */
export async function listAlertRules({
  actor,
  modelRef,
}: {
  actor: TActor;
  modelRef: string;
}): Promise<{ items: TAlertRule[] }> {
  requirePermission(actor, "alerts:read");
  const db = await getDb();
  const model = await findModelRef(db, modelRef);
  const rows = await db.alertRule.findMany({
    where: { modelId: model.id },
    select: ALERT_RULE_DTO_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { items: await toAlertRuleDtos(db, rows) };
}
