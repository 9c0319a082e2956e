import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { buildEventEnvelope } from "@/lib/domain/webhooks/event-types";
import { AppError } from "@/lib/errors";
import type { TWebhookDelivery } from "@/lib/schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { DELIVERY_DTO_SELECT, toDeliveryDto } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Puts a `webhook.test` event in the outbox for this webhook only (whatever it subscribes to), delivered
 * like any event: signed, retried, visible in its deliveries. Throws NOT_FOUND for unknown ids and
 * CONFLICT for an inactive webhook (it would never be sent).
 */
export async function sendTestEvent({
  actor,
  webhookId,
}: {
  actor: TActor;
  webhookId: string;
}): Promise<TWebhookDelivery> {
  requirePermission(actor, "webhooks:manage");
  return runTransaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: webhookId }, select: { active: true, url: true } });
    if (!hook) throw new AppError("NOT_FOUND", "No webhook with this id.");
    if (!hook.active) throw new AppError("CONFLICT", "The webhook is inactive: activate it to send a test event.");
    const data = {
      webhookId,
      message: "A test event from Modelgate: if you can read this, the webhook works.",
      sentBy: actor.name,
    };
    const event = await tx.outboxEvent.create({
      data: { type: "webhook.test", payload: buildEventEnvelope("webhook.test", data, new Date()) as object },
      select: { id: true },
    });
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId, eventId: event.id },
      select: DELIVERY_DTO_SELECT,
    });
    await appendAuditEvent(tx, {
      actor,
      action: "webhook.test_sent",
      entityType: "webhook",
      entityId: webhookId,
      metadata: { eventId: event.id, deliveryId: delivery.id, url: hook.url },
    });
    return toDeliveryDto(delivery);
  });
}
