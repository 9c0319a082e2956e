import "server-only";
import { canCancelHandoff } from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZCancelHandoffRequest, type TCancelHandoffRequest, type THandoff } from "@/lib/schemas/handoffs";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";
import { throwIfRefused } from "./throw-if-refused";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * The proposer (or an administrator) withdraws a proposed handoff; ownership stays as it was. Audited.
 * No webhook: the event types (lib/domain/webhooks/event-types.ts) have no `handoff.cancelled`.
 */
export async function cancelHandoff({
  actor,
  handoffId,
  input: raw,
}: {
  actor: TActor;
  handoffId: string;
  input: TCancelHandoffRequest;
}): Promise<THandoff> {
  requirePermission(actor, "handoffs:propose");
  const input = ZCancelHandoffRequest.parse(raw);
  return runTransaction(async (tx) => {
    // Lock order (docs/ARCHITECTURE.md): the model row, then the handoff.
    if (!(await lockModel(tx, { handoffId }))) throw new AppError("NOT_FOUND", "No such handoff.");
    await tx.$queryRaw`SELECT id FROM handoffs WHERE id = ${handoffId} FOR UPDATE`;
    const h = await tx.handoff.findUniqueOrThrow({
      where: { id: handoffId },
      select: { status: true, modelId: true, fromUserId: true, proposedById: true },
    });
    // Seeded handoffs carry no proposer: their from-user proposed them.
    throwIfRefused(canCancelHandoff(actor, { status: h.status, proposedById: h.proposedById ?? h.fromUserId }));
    await tx.handoff.update({
      where: { id: handoffId },
      data: { status: "CANCELLED", decidedAt: new Date(), reason: input.reason },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "handoff.cancelled",
      entityType: "handoff",
      entityId: handoffId,
      modelId: h.modelId,
      before: { status: "PROPOSED" },
      after: { status: "CANCELLED", reason: input.reason },
    });
    return toHandoffDto(await tx.handoff.findUniqueOrThrow({ where: { id: handoffId }, select: HANDOFF_DTO_SELECT }));
  });
}
