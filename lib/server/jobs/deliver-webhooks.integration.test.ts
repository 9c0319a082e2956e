import { afterEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { connect } from "@/lib/db/connect";
import { MAX_ATTEMPTS } from "@/lib/domain/webhooks/backoff";
import { verifyWebhookSignature } from "@/lib/domain/webhooks/signature";
import { createTestWebhook, enqueueTestDelivery } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { startReceiver, type TReceiverReply, type TTestReceiver } from "@/lib/testing/webhook-receiver";
import { enqueueEvent } from "../webhooks/enqueue-event";
import {
  claimDueDeliveries,
  deliverDueWebhooks,
  LEASE_MS,
  LOST_ATTEMPT_ERROR,
  recordAttempt,
} from "./deliver-webhooks";
import { drainWebhookDeliveries, pumpWebhookDeliveries } from "./webhook-delivery-job";

// The test receivers listen on 127.0.0.1: allowed explicitly, as an operator would (issue 16).
process.env.MODELGATE_WEBHOOK_ALLOW_PRIVATE = "127.0.0.0/8";
const db = useTestDatabase();
const receivers: TTestReceiver[] = [];

async function receiver(reply?: (n: number) => TReceiverReply | Promise<TReceiverReply>) {
  const r = await startReceiver(reply ? (_hit, n) => reply(n) : undefined);
  receivers.push(r);
  return r;
}

// Each test's webhooks stop being claimable afterwards, so no test sees another's deliveries.
afterEach(async () => {
  await drainWebhookDeliveries();
  await db.prisma.webhook.updateMany({ data: { active: false } });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const minRandom = () => 0; // jitter at its lower bound: retries due after exactly half the nominal delay
const at = (ms: number) => new Date(Date.now() + ms);
const delivery = (id: string) =>
  db.prisma.webhookDelivery.findUniqueOrThrow({
    where: { id },
    include: { attemptLog: { orderBy: { attemptNo: "asc" } } },
  });

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("deliverDueWebhooks", () => {
  it("delivers an event signed, with its ids in headers and body, and records the attempt", async () => {
    const r = await receiver();
    const hook = await createTestWebhook(db.prisma, { url: r.url, events: ["approval.requested"] });
    const eventId = await db.prisma.$transaction((tx) =>
      enqueueEvent(tx, "approval.requested", { requestId: "req-1", version: 3 }),
    );
    const { id: deliveryId } = await db.prisma.webhookDelivery.findFirstOrThrow({
      where: { eventId, webhookId: hook.id },
    });

    expect(await deliverDueWebhooks({ now: at(1000) })).toEqual({
      claimed: 1,
      succeeded: 1,
      retrying: 0,
      failed: 0,
      unrecorded: 0,
    });
    expect(r.hits).toHaveLength(1);
    const hit = r.hits[0]!;
    expect(await verifyWebhookSignature(hook.secret, hit.signature, hit.body)).toMatchObject({ ok: true });
    expect(await verifyWebhookSignature("whsec_wrong", hit.signature, hit.body)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(hit).toMatchObject({ eventId, deliveryId, eventType: "approval.requested", attempt: 1 });
    const body = JSON.parse(hit.body);
    expect(body).toEqual({
      id: eventId,
      type: "approval.requested",
      occurredAt: expect.any(String),
      data: { requestId: "req-1", version: 3 },
    });

    const d = await delivery(deliveryId);
    expect(d).toMatchObject({
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      lockedUntil: null,
    });
    expect(d.completedAt).not.toBeNull();
    expect(d.attemptLog).toEqual([expect.objectContaining({ attemptNo: 1, statusCode: 200, error: null })]);
    expect(d.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect((await deliverDueWebhooks({ now: at(60_000) })).claimed).toBe(0);
  });

  it("retries a receiver that fails (500) on the backoff schedule until it succeeds", async () => {
    const r = await receiver((n) => (n <= 2 ? { status: 500, body: "database is down" } : { status: 204 }));
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);
    const t0 = at(1000);

    expect((await deliverDueWebhooks({ now: t0, random: minRandom })).retrying).toBe(1);
    let d = await delivery(deliveryId);
    expect(d).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500: database is down",
      lockedUntil: null,
      completedAt: null,
    });
    expect(d.nextAttemptAt.getTime() - t0.getTime()).toBe(5_000);
    // Not due yet: nothing is claimed a second before.
    expect(
      (await deliverDueWebhooks({ now: new Date(d.nextAttemptAt.getTime() - 1000), random: minRandom })).claimed,
    ).toBe(0);

    const t1 = d.nextAttemptAt;
    expect((await deliverDueWebhooks({ now: t1, random: minRandom })).retrying).toBe(1);
    d = await delivery(deliveryId);
    expect(d.nextAttemptAt.getTime() - t1.getTime()).toBe(20_000);

    expect((await deliverDueWebhooks({ now: d.nextAttemptAt, random: minRandom })).succeeded).toBe(1);
    d = await delivery(deliveryId);
    expect(d).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastStatusCode: 204, lastError: null });
    expect(d.attemptLog.map((a) => [a.attemptNo, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    expect(r.hits.map((h) => h.attempt)).toEqual([1, 2, 3]);
    for (const h of r.hits) expect((await verifyWebhookSignature(hook.secret, h.signature, h.body)).ok).toBe(true);
  });

  it("gives up after the maximum attempts with every attempt recorded", async () => {
    const r = await receiver(() => ({ status: 503 }));
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);
    let now = at(1000);
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const s = await deliverDueWebhooks({ now, random: minRandom });
      expect(s, `attempt ${i}`).toMatchObject({
        claimed: 1,
        retrying: i < MAX_ATTEMPTS ? 1 : 0,
        failed: i === MAX_ATTEMPTS ? 1 : 0,
      });
      now = (await delivery(deliveryId)).nextAttemptAt;
    }
    const d = await delivery(deliveryId);
    expect(d).toMatchObject({
      status: "FAILED",
      attempts: MAX_ATTEMPTS,
      lastStatusCode: 503,
      lastError: `HTTP 503 — gave up after ${MAX_ATTEMPTS} attempts`,
    });
    expect(d.completedAt).not.toBeNull();
    expect(d.attemptLog.map((a) => a.attemptNo)).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1));
    expect(d.attemptLog.every((a) => a.statusCode === 503 && a.error === "HTTP 503")).toBe(true);
    expect(r.hits).toHaveLength(MAX_ATTEMPTS);
    expect((await deliverDueWebhooks({ now: at(30 * 86_400_000) })).claimed).toBe(0);
  });

  it("times out a receiver that never answers, then retries it", async () => {
    let hang = true;
    const r = await receiver(() => (hang ? "hang" : { status: 200 }));
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);

    expect((await deliverDueWebhooks({ now: at(1000), timeoutMs: 300, random: minRandom })).retrying).toBe(1);
    let d = await delivery(deliveryId);
    expect(d).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastStatusCode: null,
      lastError: "No answer within 0.3 s",
    });
    expect(d.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(280);
    expect(d.attemptLog[0]!.statusCode).toBeNull();

    hang = false;
    expect((await deliverDueWebhooks({ now: d.nextAttemptAt, timeoutMs: 300 })).succeeded).toBe(1);
    d = await delivery(deliveryId);
    expect(d).toMatchObject({ status: "SUCCEEDED", attempts: 2, lastStatusCode: 200 });
  });

  it("records network errors and does not follow redirects", async () => {
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    const closed = await receiver();
    await closed.close();
    const h1 = await createTestWebhook(db.prisma, { url: redirecting.url });
    const h2 = await createTestWebhook(db.prisma, { url: closed.url });
    const d1 = await enqueueTestDelivery(db.prisma, h1.id);
    const d2 = await enqueueTestDelivery(db.prisma, h2.id);
    expect((await deliverDueWebhooks({ now: at(1000) })).retrying).toBe(2);
    expect(await delivery(d1.deliveryId)).toMatchObject({
      status: "PENDING",
      lastStatusCode: 302,
      lastError: "HTTP 302 (redirects are not followed)",
    });
    expect(target.hits).toHaveLength(0);
    expect((await delivery(d2.deliveryId)).lastError).toMatch(/^Network error: .*ECONNREFUSED/);
  });

  it("does not make a fast receiver wait for a slow one in the same batch", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const slow = await receiver(async () => {
      await released;
      return { status: 200 };
    });
    const fast = await receiver();
    const slowHook = await createTestWebhook(db.prisma, { url: slow.url });
    const fastHook = await createTestWebhook(db.prisma, { url: fast.url });
    const s = await enqueueTestDelivery(db.prisma, slowHook.id);
    const f = await enqueueTestDelivery(db.prisma, fastHook.id);

    const run = deliverDueWebhooks({ now: at(1000) });
    await waitFor(async () => (await delivery(f.deliveryId)).status === "SUCCEEDED");
    expect(slow.hits).toHaveLength(1);
    expect(await delivery(s.deliveryId)).toMatchObject({ status: "PENDING", attempts: 0 });
    release();
    expect(await run).toMatchObject({ claimed: 2, succeeded: 2 });
    expect((await delivery(s.deliveryId)).status).toBe("SUCCEEDED");
  });

  it("keeps delivering around a receiver that hangs (the background pump)", async () => {
    const hung = await receiver(() => "hang");
    const fast = await receiver();
    const hungHook = await createTestWebhook(db.prisma, { url: hung.url });
    const fastHook = await createTestWebhook(db.prisma, { url: fast.url });
    const stuck = await enqueueTestDelivery(db.prisma, hungHook.id);
    const others = [];
    for (let i = 0; i < 30; i++) others.push(await enqueueTestDelivery(db.prisma, fastHook.id));

    // Four slots: one held by the hanging receiver for as long as it hangs, the other three carry the 30 fast deliveries.
    const pass = pumpWebhookDeliveries({
      maxInFlight: 4,
      batchSize: 4,
      timeoutMs: 60_000,
      budgetMs: 60_000,
      pollMs: 20,
    });
    await waitFor(
      async () =>
        (await db.prisma.webhookDelivery.count({ where: { webhookId: fastHook.id, status: "SUCCEEDED" } })) ===
        others.length,
      30_000,
    );
    expect(fast.countByEvent().size).toBe(others.length);
    expect(hung.hits).toHaveLength(1);
    expect(await delivery(stuck.deliveryId)).toMatchObject({ status: "PENDING", attempts: 0 });

    // The receiver drops the connection it kept waiting: that attempt fails and is scheduled again.
    await hung.close();
    expect(await pass).toMatchObject({ succeeded: others.length, retrying: 1 });
    expect(await delivery(stuck.deliveryId)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastStatusCode: null,
      lastError: expect.stringMatching(/^Network error: /),
    });
  });

  it("redelivers a delivery claimed by a worker that died, once its lease expires, and refuses the dead worker's late record", async () => {
    const r = await receiver();
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);
    const t0 = at(1000);
    // The "crash": claimed, never posted nor recorded.
    const [claimed] = await claimDueDeliveries(db.prisma, { now: t0 });
    expect(claimed).toMatchObject({ id: deliveryId, attempts: 0 });
    expect(claimed!.lockedUntil.getTime() - t0.getTime()).toBe(LEASE_MS);

    expect((await deliverDueWebhooks({ now: new Date(t0.getTime() + LEASE_MS - 1000) })).claimed).toBe(0);
    expect(await deliverDueWebhooks({ now: new Date(t0.getTime() + LEASE_MS + 1) })).toMatchObject({
      claimed: 1,
      succeeded: 1,
    });
    // The dead worker's attempt counts: the retry is attempt 2, with the same event id (receivers dedupe on it).
    expect(r.hits.map((h) => [h.eventId, h.attempt])).toEqual([[claimed!.eventId, 2]]);

    const late = await recordAttempt(db.prisma, {
      claimed: claimed!,
      result: { kind: "response", statusCode: 500 },
      durationMs: 5,
      outcome: { status: "PENDING", retryInMs: 1000, error: "HTTP 500" },
    });
    expect(late).toBe(false);
    const d = await delivery(deliveryId);
    expect(d).toMatchObject({ status: "SUCCEEDED", attempts: 2, lastStatusCode: 200 });
    expect(d.attemptLog.map((a) => [a.attemptNo, a.statusCode, a.error])).toEqual([
      [1, null, LOST_ATTEMPT_ERROR],
      [2, 200, null],
    ]);
  });

  it("deactivates a webhook whose receiver answers 410 Gone, failing its pending deliveries, audited as the system", async () => {
    const r = await receiver(() => ({ status: 410 }));
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const first = await enqueueTestDelivery(db.prisma, hook.id);
    const second = await enqueueTestDelivery(db.prisma, hook.id);
    const now = at(1000);
    expect(await deliverDueWebhooks({ now, batchSize: 1 })).toMatchObject({ claimed: 1, failed: 1 });
    const w = await db.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(w.active).toBe(false);
    expect(w.disabledReason).toMatch(/410 Gone/);
    expect(await delivery(first.deliveryId)).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: 410 });
    expect(await delivery(second.deliveryId)).toMatchObject({
      status: "FAILED",
      attempts: 0,
      lastError: "Webhook deactivated: the receiver answered 410 Gone",
    });
    // Nothing more goes to a deactivated webhook, even a delivery written for it afterwards.
    const later = await enqueueTestDelivery(db.prisma, hook.id);
    expect(await deliverDueWebhooks({ now })).toMatchObject({ claimed: 0 });
    expect((await delivery(later.deliveryId)).status).toBe("PENDING");
    expect(r.hits).toHaveLength(1);
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: hook.id } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([["webhook.disabled", "system", null]]);
  });

  it("delivers each event exactly once with two workers on separate connections running at the same time", async () => {
    const r = await receiver();
    const hook = await createTestWebhook(db.prisma, { url: r.url });
    const n = 300;
    await db.prisma
      .$executeRaw`INSERT INTO outbox_events (id, type, payload) SELECT 'ev-' || g, 'approval.requested', jsonb_build_object('type', 'approval.requested', 'occurredAt', now(), 'data', jsonb_build_object('n', g)) FROM generate_series(1, ${n}::int) AS g`;
    await db.prisma
      .$executeRaw`INSERT INTO webhook_deliveries (id, "webhookId", "eventId") SELECT 'dl-' || g, ${hook.id}, 'ev-' || g FROM generate_series(1, ${n}::int) AS g`;

    // PostgreSQL: a second pool on the same schema, as a second app instance would have. PGlite has one
    // connection per process, so both loops share it (and the claim statement serialises them).
    let second: Db = db.prisma;
    let closeSecond = async () => {};
    if (db.connection.kind === "postgres") {
      const [{ schema }] = await db.prisma.$queryRaw<{ schema: string }[]>`SELECT current_schema()::text AS schema`;
      const conn = await connect({ url: process.env.TEST_DATABASE_URL, schema, poolSize: 5 });
      second = createPrismaClient(conn);
      closeSecond = async () => {
        await second.$disconnect();
        await conn.close();
      };
    }
    const loop = async (client: Db) => {
      let claimed = 0;
      for (;;) {
        const s = await deliverDueWebhooks({ db: client, batchSize: 10, now: at(1000) });
        if (s.claimed === 0) return claimed;
        claimed += s.claimed;
      }
    };
    try {
      const [a, b] = await Promise.all([loop(db.prisma), loop(second)]);
      expect(a + b).toBe(n);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await closeSecond();
    }
    const counts = r.countByEvent();
    expect(counts.size).toBe(n);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(
      await db.prisma.webhookDelivery.count({ where: { webhookId: hook.id, status: "SUCCEEDED", attempts: 1 } }),
    ).toBe(n);
    expect(await db.prisma.deliveryAttempt.count({ where: { delivery: { webhookId: hook.id } } })).toBe(n);
  });
});
