import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZUpdateWebhookRequest, type TUpdateWebhookRequest, type TWebhook } from "@/lib/schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { assertWebhookTargetAllowed } from "./webhook-target-policy";
import { failPendingDeliveries } from "./fail-pending-deliveries";
import { loadWebhookDto, WEBHOOK_DTO_SELECT } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Changes a webhook's URL, subscription, description or active flag, audited with before/after of the
 * fields that changed. Deactivating fails its pending deliveries (a clear final state, redeliverable
 * later); reactivating clears the reason Modelgate gave when it deactivated the webhook itself.
 * Throws NOT_FOUND for unknown ids.
 */
export async function updateWebhook({
  actor,
  webhookId,
  input: raw,
}: {
  actor: TActor;
  webhookId: string;
  input: TUpdateWebhookRequest;
}): Promise<TWebhook> {
  requirePermission(actor, "webhooks:manage");
  const input = ZUpdateWebhookRequest.parse(raw);
  if (input.url !== undefined) await assertWebhookTargetAllowed(input.url);
  return runTransaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE id = ${webhookId} FOR UPDATE`;
    if (!locked.length) throw new AppError("NOT_FOUND", "No webhook with this id.");
    const current = await tx.webhook.findUniqueOrThrow({ where: { id: webhookId }, select: WEBHOOK_DTO_SELECT });
    const changes = {
      ...(input.url !== undefined && input.url !== current.url ? { url: input.url } : {}),
      ...(input.events !== undefined && input.events.join(",") !== current.events.join(",")
        ? { events: input.events }
        : {}),
      ...(input.description !== undefined && input.description !== current.description
        ? { description: input.description }
        : {}),
      ...(input.active !== undefined && input.active !== current.active ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length) {
      const reactivated = changes.active === true;
      await tx.webhook.update({
        where: { id: webhookId },
        data: { ...changes, ...(reactivated ? { disabledReason: null } : {}) },
      });
      const failed =
        changes.active === false
          ? await failPendingDeliveries(
              tx,
              webhookId,
              `Webhook deactivated by ${actor.name} before this delivery succeeded`,
            )
          : 0;
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof typeof changes]]));
      await appendAuditEvent(tx, {
        actor,
        action: "webhook.updated",
        entityType: "webhook",
        entityId: webhookId,
        before,
        after: changes,
        metadata: failed ? { pendingDeliveriesFailed: failed } : {},
      });
    }
    return (await loadWebhookDto(tx, webhookId))!;
  });
}
