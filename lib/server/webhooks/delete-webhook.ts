import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { countDeliveries, WEBHOOK_DTO_SELECT } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Deletes a webhook with its deliveries and their attempts (ON DELETE CASCADE); the audit log keeps what
 * it was and how many deliveries went with it. A delivery in flight finishes its POST, then finds nothing
 * to record. Throws NOT_FOUND for unknown ids, so of two concurrent deletes one answers 404.
 */
export async function deleteWebhook({ actor, webhookId }: { actor: TActor; webhookId: string }): Promise<void> {
  requirePermission(actor, "webhooks:manage");
  await runTransaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE id = ${webhookId} FOR UPDATE`;
    if (!locked.length) throw new AppError("NOT_FOUND", "No webhook with this id.");
    const row = await tx.webhook.findUniqueOrThrow({ where: { id: webhookId }, select: WEBHOOK_DTO_SELECT });
    const counts = (await countDeliveries(tx, [webhookId])).get(webhookId);
    await tx.webhook.delete({ where: { id: webhookId } });
    await appendAuditEvent(tx, {
      actor,
      action: "webhook.deleted",
      entityType: "webhook",
      entityId: webhookId,
      before: { url: row.url, events: row.events, description: row.description, active: row.active },
      metadata: { deliveriesDeleted: counts },
    });
  });
}
