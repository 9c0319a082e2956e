import "server-only";
import { checkAcknowledge, type TAlertStatus } from "@/lib/domain/alerts/alert-lifecycle";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZAcknowledgeAlertRequest, type TAcknowledgeAlertRequest, type TAlert } from "@/lib/schemas/alerts";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { ALERT_DTO_SELECT, toAlertDtos } from "./alert-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Someone in operations takes an open alert, with a note saying what they do about it. The alert stays
 * unresolved (it resolves itself when the condition clears); acknowledging twice, or a resolved alert, is 409.
 * The row is locked so an evaluation resolving it at the same moment and this acknowledgement serialise.
 */
export async function acknowledgeAlert({
  actor,
  alertId,
  input: raw,
}: {
  actor: TActor;
  alertId: string;
  input: TAcknowledgeAlertRequest;
}): Promise<TAlert> {
  requirePermission(actor, "alerts:acknowledge");
  const input = ZAcknowledgeAlertRequest.parse(raw);
  return runTransaction(async (tx) => {
    // Lock order (docs/ARCHITECTURE.md): the model row, then the alert.
    if (!(await lockModel(tx, { alertId }))) throw new AppError("NOT_FOUND", "No such alert.");
    const [row] = await tx.$queryRaw<
      { status: TAlertStatus; modelId: string }[]
    >`SELECT status::text AS status, "modelId" FROM alerts WHERE id = ${alertId} FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "No such alert.");
    const check = checkAcknowledge(row.status);
    if (!check.ok) throw new AppError("CONFLICT", check.message);
    const now = new Date();
    await tx.alert.update({
      where: { id: alertId },
      data: { status: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedById: actor.userId, ackNote: input.note },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "alert.acknowledged",
      entityType: "alert",
      entityId: alertId,
      modelId: row.modelId,
      before: { status: "OPEN" },
      after: { status: "ACKNOWLEDGED", note: input.note },
    });
    const [dto] = await toAlertDtos(tx, [
      await tx.alert.findUniqueOrThrow({ where: { id: alertId }, select: ALERT_DTO_SELECT }),
    ]);
    return dto!;
  });
}
