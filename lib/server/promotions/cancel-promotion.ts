import "server-only";
import { runTransaction } from "@/lib/db/run-transaction";
import { afterRequest } from "@/lib/domain/promotions/promotion-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TPromotionRequest } from "@/lib/schemas/promotions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { lockModel } from "../models/lock-model";
import { loadPromotionFacts } from "./load-promotion-facts";
import { toPromotionDtoFromFacts } from "./promotion-dto";

/** The requester (or an administrator) withdraws a pending request; the version stays where it was. */
export async function cancelPromotion({
  actor,
  requestId,
  reason,
}: {
  actor: TActor;
  requestId: string;
  reason: string;
}): Promise<TPromotionRequest> {
  requirePermission(actor, "promotions:request");
  return runTransaction(async (tx) => {
    if (!(await lockModel(tx, { requestId }))) throw new AppError("NOT_FOUND", "No such promotion request.");
    const facts = await loadPromotionFacts(tx, { request: { id: requestId } });
    const r = facts?.request;
    if (!facts || !r) throw new AppError("NOT_FOUND", "No such promotion request.");
    if (r.requester.id !== actor.userId && !actor.roles.includes("ADMIN"))
      throw new AppError("FORBIDDEN", "Only the requester or an administrator can cancel this request.");
    if (r.status !== "PENDING") throw new AppError("CONFLICT", `The request is already ${r.status.toLowerCase()}.`);
    const after = afterRequest("CANCELLED", r.fromStage, r.toStage);
    const now = new Date();
    await tx.transitionRequest.update({
      where: { id: requestId },
      data: { status: "CANCELLED", resolution: reason, decidedAt: now },
      select: { id: true },
    });
    await tx.modelVersion.update({ where: { id: r.versionId }, data: { status: after.status }, select: { id: true } });
    await appendAuditEvent(tx, {
      actor,
      action: "promotion.cancelled",
      entityType: "transition_request",
      entityId: requestId,
      modelId: facts.version.modelId,
      before: { status: "PENDING" },
      after: { status: "CANCELLED" },
      metadata: { reason },
    });
    return toPromotionDtoFromFacts(facts, { ...r, status: "CANCELLED", resolution: reason, decidedAt: now });
  });
}
