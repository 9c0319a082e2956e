import "server-only";
import type { Tx } from "@/lib/db/client";
import { buildEventEnvelope, isSubscribed, type TEventType } from "@/lib/domain/webhooks/event-types";

// The list lives in lib/domain so schemas and the settings page share it; re-exported for existing callers.
export { EVENT_TYPES, type TEventType } from "@/lib/domain/webhooks/event-types";

/**
 * Writes an event to the persisted outbox, with one pending delivery per active webhook subscribed to
 * its type, inside the caller's transaction: the event exists if and only if the change committed.
 */
export async function enqueueEvent(tx: Tx, type: TEventType, payload: Record<string, unknown>): Promise<string> {
  const event = await tx.outboxEvent.create({ data: { type, payload: buildEventEnvelope(type, payload, new Date()) as object }, select: { id: true } });
  const hooks = await tx.webhook.findMany({ where: { active: true }, select: { id: true, events: true } });
  const targets = hooks.filter((h) => isSubscribed(h.events, type));
  if (targets.length) await tx.webhookDelivery.createMany({ data: targets.map((h) => ({ webhookId: h.id, eventId: event.id })) });
  return event.id;
}
