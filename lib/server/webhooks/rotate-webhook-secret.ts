import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TWebhookWithSecret } from "@/lib/schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { generateWebhookSecret } from "./generate-webhook-secret";
import { loadWebhookDto } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Replaces a webhook's signing secret and returns the new one, once; audited without either secret.
 * The switch is immediate: every attempt from now on is signed with the new secret, including retries
 * of older events. A receiver that still checks the old secret refuses them, and they are retried on the
 * backoff schedule (hours), so updating the receiver within that window loses nothing (docs/WEBHOOKS.md).
 * Throws NOT_FOUND for unknown ids.
 */
export async function rotateWebhookSecret({
  actor,
  webhookId,
}: {
  actor: TActor;
  webhookId: string;
}): Promise<TWebhookWithSecret> {
  requirePermission(actor, "webhooks:manage");
  const secret = generateWebhookSecret();
  return runTransaction(async (tx) => {
    const rotatedAt = new Date();
    const { count } = await tx.webhook.updateMany({
      where: { id: webhookId },
      data: { secret, secretRotatedAt: rotatedAt },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "No webhook with this id.");
    const dto = (await loadWebhookDto(tx, webhookId))!;
    await appendAuditEvent(tx, {
      actor,
      action: "webhook.secret_rotated",
      entityType: "webhook",
      entityId: webhookId,
      after: { secretRotatedAt: dto.secretRotatedAt },
      metadata: { url: dto.url },
    });
    return { ...dto, secret };
  });
}
