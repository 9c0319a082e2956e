import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { ZCreateWebhookRequest, type TCreateWebhookRequest, type TWebhookWithSecret } from "@/lib/schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { generateWebhookSecret } from "./generate-webhook-secret";
import { assertWebhookTargetAllowed } from "./webhook-target-policy";
import { toWebhookDto, WEBHOOK_DTO_SELECT } from "./webhook-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Subscribes a URL to event types, audited in the same transaction. The signing secret is generated here
 * and returned once; afterwards it can only be replaced (rotateWebhookSecret), never read.
 */
export async function createWebhook({
  actor,
  input: raw,
}: {
  actor: TActor;
  input: TCreateWebhookRequest;
}): Promise<TWebhookWithSecret> {
  requirePermission(actor, "webhooks:manage");
  const input = ZCreateWebhookRequest.parse(raw);
  await assertWebhookTargetAllowed(input.url);
  const secret = generateWebhookSecret();
  return runTransaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        url: input.url,
        events: input.events,
        description: input.description,
        active: input.active,
        secret,
        createdById: actor.userId,
      },
      select: WEBHOOK_DTO_SELECT,
    });
    // The record names the subscription, never the secret.
    await appendAuditEvent(tx, {
      actor,
      action: "webhook.created",
      entityType: "webhook",
      entityId: row.id,
      after: { url: row.url, events: row.events, description: row.description, active: row.active },
    });
    return { ...toWebhookDto(row), secret };
  });
}
