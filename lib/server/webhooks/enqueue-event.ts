import "server-only";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/db/new-id";
import { ALL_EVENTS, buildEventEnvelope, type TEventType } from "@/lib/domain/webhooks/event-types";

// The list lives in lib/domain so schemas and the settings page share it; re-exported for existing callers.
export type { TEventType } from "@/lib/domain/webhooks/event-types";

export type TOutboxEvent = { type: TEventType; payload: Record<string, unknown> };

/**
 * Writes events to the persisted outbox, with one pending delivery per active webhook subscribed to each type,
 * inside the caller's transaction: an event exists if and only if the change committed. One statement for any
 * number of events (a data-modifying CTE); the subscription rule is isSubscribed's (lib/domain/webhooks):
 * the type itself, or "*" for every type but webhook.test.
 */
export async function enqueueEvents(tx: Tx, events: readonly TOutboxEvent[], now = new Date()): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map(() => newId());
  const types = events.map((e) => e.type);
  // JSON text cast to jsonb: stored exactly as built (see monitoring/store-window.ts on Prisma's float parsing).
  const payloads = events.map((e) => JSON.stringify(buildEventEnvelope(e.type, e.payload, now)));
  await tx.$executeRaw`
    WITH e AS (
      INSERT INTO outbox_events (id, type, payload, "createdAt")
      SELECT x.id, x.type, x.payload::jsonb, ${now} FROM unnest(${ids}::text[], ${types}::text[], ${payloads}::text[]) AS x(id, type, payload)
      RETURNING id, type)
    INSERT INTO webhook_deliveries (id, "webhookId", "eventId")
    SELECT 'c' || substr(md5(random()::text || w.id || e.id), 1, 24), w.id, e.id
    FROM e JOIN webhooks w ON w.active AND (e.type = ANY (w.events) OR (${ALL_EVENTS} = ANY (w.events) AND e.type <> 'webhook.test'))`;
  return ids;
}

/** One event; see enqueueEvents. */
export async function enqueueEvent(tx: Tx, type: TEventType, payload: Record<string, unknown>): Promise<string> {
  const [id] = await enqueueEvents(tx, [{ type, payload }]);
  return id!;
}
