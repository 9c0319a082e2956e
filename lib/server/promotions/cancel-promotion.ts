import "server-only";
import { afterRequest } from "@/lib/domain/lifecycle/transitions";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TTransitionRequest } from "@/lib/schemas/promotions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { TRANSITION_DTO_SELECT, toTransitionDto } from "./transition-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/** The requester (or an administrator) withdraws a pending request; the version stays where it was. */
export async function cancelPromotion({ actor, requestId, reason }: { actor: TActor; requestId: string; reason: string }): Promise<TTransitionRequest> {
  requirePermission(actor, "promotions:request");
  return runTransaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM transition_requests WHERE id = ${requestId} FOR UPDATE`;
    if (!locked.length) throw new AppError("NOT_FOUND", "No such promotion request.");
    const r = await tx.transitionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, requesterId: true, versionId: true, fromStage: true, toStage: true, version: { select: { modelId: true } } } });
    if (r.requesterId !== actor.userId && !actor.roles.includes("ADMIN")) throw new AppError("FORBIDDEN", "Only the requester or an administrator can cancel this request.");
    if (r.status !== "PENDING") throw new AppError("CONFLICT", `The request is already ${r.status.toLowerCase()}.`);
    const after = afterRequest("CANCELLED", r.fromStage as TStage, r.toStage as TStage);
    await tx.transitionRequest.update({ where: { id: requestId }, data: { status: "CANCELLED", resolution: reason, decidedAt: new Date() } });
    await tx.modelVersion.update({ where: { id: r.versionId }, data: { status: after.status } });
    await appendAuditEvent(tx, { actor, action: "promotion.cancelled", entityType: "transition_request", entityId: requestId, modelId: r.version.modelId, before: { status: "PENDING" }, after: { status: "CANCELLED" }, metadata: { reason } });
    return toTransitionDto(await tx.transitionRequest.findUniqueOrThrow({ where: { id: requestId }, select: TRANSITION_DTO_SELECT }));
  });
}
