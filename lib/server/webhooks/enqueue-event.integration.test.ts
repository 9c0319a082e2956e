import { describe, expect, it } from "vitest";
import { ALL_EVENTS, EVENT_TYPES, isSubscribed } from "@/lib/domain/webhooks/event-types";
import { createTestWebhook } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { enqueueEvents } from "./enqueue-event";

/**
 * The subscription rule is written twice: isSubscribed (lib/domain, for code and the settings page) and the
 * join in enqueueEvents' SQL (one statement for the whole fan-out, issue 13). This table of cases runs the
 * SQL on the real database and holds it to the domain function, so the two cannot drift apart.
 */
const db = useTestDatabase();

const SUBSCRIPTIONS: string[][] = [
  [],
  [ALL_EVENTS],
  ["alert.opened"],
  ["alert.opened", "alert.resolved"],
  ["webhook.test"],
  [ALL_EVENTS, "webhook.test"],
  ["approval.requested", ALL_EVENTS],
  ["no.such_event"],
  ["ALERT.OPENED"],
  ["alert.*"],
];

describe("enqueueEvents fans out exactly as isSubscribed decides", () => {
  it("for every subscription in the table × every event type × active or not", async () => {
    const hooks = [];
    for (const events of SUBSCRIPTIONS) {
      for (const active of [true, false])
        hooks.push({
          events,
          active,
          id: (await createTestWebhook(db.prisma, { url: "https://receiver.example.com/hook", events, active })).id,
        });
    }
    const eventIds = await db.prisma.$transaction((tx) =>
      enqueueEvents(
        tx,
        EVENT_TYPES.map((type) => ({ type, payload: { case: type } })),
      ),
    );
    const typeOf = new Map(eventIds.map((id, i) => [id, EVENT_TYPES[i]!]));
    const deliveries = await db.prisma.webhookDelivery.findMany({
      where: { eventId: { in: eventIds } },
      select: { webhookId: true, eventId: true },
    });
    const got = new Set(deliveries.map((d) => `${d.webhookId} ${typeOf.get(d.eventId)}`));
    expect(got.size, "one delivery per (webhook, event) at most").toBe(deliveries.length);

    const disagreements: string[] = [];
    let expected = 0;
    for (const h of hooks) {
      for (const type of EVENT_TYPES) {
        const want = h.active && isSubscribed(h.events, type);
        if (want) expected++;
        if (want !== got.has(`${h.id} ${type}`))
          disagreements.push(
            `${JSON.stringify(h.events)} active=${h.active} ${type}: isSubscribed says ${want}, SQL ${!want}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
    // The table is not vacuous: both answers occur, for "*" and for a named type.
    expect(expected).toBeGreaterThan(20);
    expect(got.size).toBe(expected);
  });
});
