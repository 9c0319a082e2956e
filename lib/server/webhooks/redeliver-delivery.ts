import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TWebhookDelivery } from "@/lib/schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { DELIVERY_DTO_SELECT, toDeliveryDto } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Manual redelivery: a FAILED or SUCCEEDED delivery becomes PENDING again, due now, with a fresh cycle of
 * retries (attempt numbers keep counting), audited. The same event id is sent again, so a receiver that
 * deduplicates must be told to expect it. Throws NOT_FOUND for unknown ids, CONFLICT while the delivery is
 * still pending or its webhook is inactive; of two concurrent redeliveries exactly one succeeds.
 */
export async function redeliverDelivery({
  actor,
  deliveryId,
}: {
  actor: TActor;
  deliveryId: string;
}): Promise<TWebhookDelivery> {
  requirePermission(actor, "webhooks:manage");
  return runTransaction(async (tx) => {
    const before = await tx.webhookDelivery.findUnique({
      where: { id: deliveryId },
      select: { status: true, attempts: true, webhookId: true, eventId: true, webhook: { select: { active: true } } },
    });
    if (!before) throw new AppError("NOT_FOUND", "No delivery with this id.");
    if (!before.webhook.active)
      throw new AppError("CONFLICT", "The webhook is inactive: activate it before redelivering.");
    // Conditional update: a concurrent redelivery (or a worker still on it) makes this match nothing.
    const changed = await tx.$executeRaw`
      UPDATE webhook_deliveries
      SET status = 'PENDING', "cycleStart" = attempts, "nextAttemptAt" = now(), "lockedUntil" = NULL, "completedAt" = NULL
      WHERE id = ${deliveryId} AND status IN ('FAILED', 'SUCCEEDED')`;
    if (changed === 0)
      throw new AppError("CONFLICT", "This delivery is already pending: it will be attempted again on its own.");
    await appendAuditEvent(tx, {
      actor,
      action: "webhook.delivery_redelivered",
      entityType: "webhook_delivery",
      entityId: deliveryId,
      before: { status: before.status },
      after: { status: "PENDING" },
      metadata: { webhookId: before.webhookId, eventId: before.eventId, attemptsSoFar: before.attempts },
    });
    return toDeliveryDto(
      await tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: DELIVERY_DTO_SELECT }),
    );
  });
}
