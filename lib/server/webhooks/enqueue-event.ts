import "server-only";
import type { Tx } from "@/lib/db/client";

export const EVENT_TYPES = [
  "version.stage_changed",
  "approval.requested",
  "approval.decided",
  "handoff.proposed",
  "handoff.accepted",
  "handoff.declined",
  "alert.opened",
  "alert.resolved",
  "retraining.requested",
  "deployment.rolled_back",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];

/**
 * Writes an event to the persisted outbox, with one pending delivery per active webhook subscribed to
 * its type, inside the caller's transaction: the event exists if and only if the change committed.
 */
export async function enqueueEvent(tx: Tx, type: TEventType, payload: Record<string, unknown>): Promise<string> {
  const event = await tx.outboxEvent.create({ data: { type, payload: { type, occurredAt: new Date().toISOString(), data: payload } as object }, select: { id: true } });
  const hooks = await tx.webhook.findMany({ where: { active: true }, select: { id: true, events: true } });
  const targets = hooks.filter((h) => h.events.includes(type) || h.events.includes("*"));
  if (targets.length) await tx.webhookDelivery.createMany({ data: targets.map((h) => ({ webhookId: h.id, eventId: event.id })) });
  return event.id;
}
