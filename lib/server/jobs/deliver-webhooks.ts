import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import {
  decideAttemptOutcome,
  describeAttemptError,
  DELIVERY_TIMEOUT_MS,
  type TAttemptOutcome,
  type TAttemptResult,
} from "@/lib/domain/webhooks/attempt-outcome";
import { appendAuditEvent } from "../audit/append-audit-event";
import { failPendingDeliveries } from "../webhooks/fail-pending-deliveries";
import { postWebhook } from "../webhooks/post-webhook";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Webhook delivery from the outbox (issue 8). A worker claims due deliveries in one short statement
 * (`FOR UPDATE SKIP LOCKED`, so two instances on one PostgreSQL never claim the same row), sets a lease
 * (`lockedUntil`), POSTs each outside any transaction, then records the attempt with a compare-and-set on
 * (attempts, lockedUntil): the lease is the fencing token, so a worker whose lease expired and whose row
 * another worker re-claimed cannot record over it.
 *
 * Delivery is at-least-once: a process that dies after the receiver took a request but before recording
 * it leaves a leased row, claimed again once the lease expires; the receiver then sees the same
 * Modelgate-Event twice and deduplicates (docs/WEBHOOKS.md). Nothing is lost across restarts.
 */
export const LEASE_MS = 30_000; // well above DELIVERY_TIMEOUT_MS, so a live worker always records before its lease ends
export const DEFAULT_BATCH_SIZE = 100;

export type TDeliveryOptions = {
  db?: Db;
  batchSize?: number;
  /** The scheduling clock (what is due, when the next attempt is). Default: the database's now(), one clock for every instance. */
  now?: Date;
  timeoutMs?: number;
  leaseMs?: number;
  /** POSTs in flight at once (default: the batch size). */
  concurrency?: number;
  /** Jitter source for the backoff (default Math.random). */
  random?: () => number;
};

export type TClaimedDelivery = {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  cycleStart: number;
  lockedUntil: Date;
  url: string;
  secret: string;
  body: string;
};

export type TDeliveryOutcome = "succeeded" | "retrying" | "failed" | "unrecorded";
export type TDeliveryRunSummary = { claimed: number } & Record<TDeliveryOutcome, number>;

const emptySummary = (): TDeliveryRunSummary => ({ claimed: 0, succeeded: 0, retrying: 0, failed: 0, unrecorded: 0 });

export const LOST_ATTEMPT_ERROR =
  "Lease expired: the instance sending this attempt stopped before recording its outcome";

/**
 * Claims up to `batchSize` due deliveries of active webhooks for `leaseMs`, oldest due first, with what sending needs.
 * A row whose previous lease expired unrecorded (its instance died after claiming, perhaps after POSTing) counts that
 * attempt as made: `attempts` goes up and the attempt log gets a row saying so, so the retry is sent as a new attempt
 * (`Modelgate-Attempt` + 1) with the same event id, and the retry budget covers it.
 */
export async function claimDueDeliveries(
  db: Db,
  opts: { batchSize?: number; now?: Date; leaseMs?: number } = {},
): Promise<TClaimedDelivery[]> {
  const at = opts.now?.toISOString() ?? null;
  const rows = await db.$queryRaw<(Omit<TClaimedDelivery, "lockedUntil"> & { lockedUntil: Date | string })[]>`
    WITH due AS MATERIALIZED (
      SELECT q.id, q."lockedUntil" IS NOT NULL AS lost FROM webhook_deliveries AS q
      WHERE q.status = 'PENDING'
        AND q."nextAttemptAt" <= COALESCE(${at}::timestamptz, now())
        AND (q."lockedUntil" IS NULL OR q."lockedUntil" < COALESCE(${at}::timestamptz, now()))
        AND EXISTS (SELECT 1 FROM webhooks AS a WHERE a.id = q."webhookId" AND a.active)
      ORDER BY q."nextAttemptAt"
      LIMIT ${opts.batchSize ?? DEFAULT_BATCH_SIZE}::int
      FOR UPDATE OF q SKIP LOCKED),
    claimed AS (
      UPDATE webhook_deliveries AS d
      SET "lockedUntil" = COALESCE(${at}::timestamptz, now()) + ${opts.leaseMs ?? LEASE_MS}::int * interval '1 millisecond',
          attempts = d.attempts + CASE WHEN due.lost THEN 1 ELSE 0 END,
          "lastError" = CASE WHEN due.lost THEN ${LOST_ATTEMPT_ERROR} ELSE d."lastError" END
      FROM due, outbox_events AS e, webhooks AS w
      WHERE d.id = due.id AND e.id = d."eventId" AND w.id = d."webhookId"
      RETURNING d.id, d."webhookId", d."eventId", e.type AS "eventType", d.attempts, d."cycleStart", d."lockedUntil",
        w.url, w.secret, (jsonb_build_object('id', e.id) || e.payload)::text AS body, due.lost),
    lost AS (
      INSERT INTO delivery_attempts (id, "deliveryId", "attemptNo", "statusCode", "durationMs", error, "createdAt")
      SELECT gen_random_uuid()::text, c.id, c.attempts, NULL, 0, ${LOST_ATTEMPT_ERROR}, COALESCE(${at}::timestamptz, now())
      FROM claimed AS c WHERE c.lost)
    SELECT id, "webhookId", "eventId", "eventType", attempts, "cycleStart", "lockedUntil", url, secret, body FROM claimed`;
  return rows.map((r) => ({ ...r, lockedUntil: new Date(r.lockedUntil) }));
}

export type TAttemptRecord = {
  claimed: TClaimedDelivery;
  result: TAttemptResult;
  durationMs: number;
  outcome: TAttemptOutcome;
};

/**
 * Records attempts and their deliveries' new state, many in one statement, each only if the delivery is
 * still the one its worker claimed (same attempts count, same lease). Returns the ids recorded; a
 * missing id lost its lease to another worker. A retry of a webhook deactivated meanwhile becomes FAILED.
 */
export async function recordAttempts(db: Db, records: TAttemptRecord[], now?: Date): Promise<Set<string>> {
  if (!records.length) return new Set();
  const at = now?.toISOString() ?? null;
  const col = <T>(f: (r: TAttemptRecord) => T) => records.map(f);
  const rows = await db.$queryRaw<{ deliveryId: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((r) => r.claimed.id)}::text[], ${col((r) => r.claimed.attempts)}::int[], ${col((r) => r.claimed.lockedUntil.toISOString())}::timestamptz[],
        ${col((r) => r.outcome.status)}::text[], ${col((r) => (r.outcome.status === "PENDING" ? r.outcome.retryInMs : 0))}::int[],
        ${col((r) => (r.result.kind === "response" ? r.result.statusCode : null))}::int[], ${col((r) => r.outcome.error)}::text[],
        ${col((r) => describeAttemptError(r.result))}::text[], ${col((r) => r.durationMs)}::int[], ${col(() => randomUUID())}::text[]
      ) AS i(id, attempts, locked, status, retry_ms, code, last_error, attempt_error, duration, attempt_id)
    ), upd AS (
      UPDATE webhook_deliveries AS d SET
        attempts = d.attempts + 1,
        status = (CASE WHEN i.status = 'PENDING' AND NOT w.active THEN 'FAILED' ELSE i.status END)::"DeliveryStatus",
        "nextAttemptAt" = CASE WHEN i.status = 'PENDING' THEN COALESCE(${at}::timestamptz, now()) + i.retry_ms * interval '1 millisecond' ELSE d."nextAttemptAt" END,
        "lockedUntil" = NULL,
        "lastStatusCode" = i.code,
        "lastError" = CASE WHEN i.status = 'PENDING' AND NOT w.active THEN i.last_error || ' — webhook deactivated, no more retries' ELSE i.last_error END,
        "completedAt" = CASE WHEN i.status = 'PENDING' AND w.active THEN NULL ELSE COALESCE(${at}::timestamptz, now()) END
      FROM input AS i, webhooks AS w
      WHERE d.id = i.id AND w.id = d."webhookId" AND d.attempts = i.attempts AND d."lockedUntil" = i.locked
      RETURNING d.id, d.attempts, i.code, i.duration, i.attempt_error, i.attempt_id)
    INSERT INTO delivery_attempts (id, "deliveryId", "attemptNo", "statusCode", "durationMs", error, "createdAt")
    SELECT attempt_id, id, attempts, code, duration, attempt_error, COALESCE(${at}::timestamptz, now()) FROM upd
    RETURNING "deliveryId"`;
  return new Set(rows.map((r) => r.deliveryId));
}

/** One attempt; false when the delivery's lease was lost to another worker. */
export async function recordAttempt(db: Db, record: TAttemptRecord, now?: Date): Promise<boolean> {
  return (await recordAttempts(db, [record], now)).has(record.claimed.id);
}

// How long the first finished attempt waits for others to share its write. Each statement has a fixed
// cost, high on PGlite (parse and plan in WebAssembly, on the app's own thread): 20 ms of recording
// latency cut the CPU per delivery by about a quarter in bench/webhooks.bench.ts. Receivers never see it.
const RECORD_WINDOW_MS = 20;

/**
 * Records attempts as they finish, in batches: those finishing within RECORD_WINDOW_MS of each other, or
 * while the previous write is under way, share one statement.
 */
export function createAttemptRecorder(db: Db, now?: Date): (record: TAttemptRecord) => Promise<boolean> {
  let queue: { record: TAttemptRecord; done: (ok: boolean) => void; fail: (err: unknown) => void }[] = [];
  let busy = false;
  const flush = async () => {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        const recorded = await recordAttempts(
          db,
          batch.map((q) => q.record),
          now,
        );
        for (const q of batch) q.done(recorded.has(q.record.claimed.id));
      } catch (err) {
        for (const q of batch) q.fail(err);
      }
    }
    busy = false;
  };
  return (record) =>
    new Promise<boolean>((done, fail) => {
      queue.push({ record, done, fail });
      if (busy) return;
      busy = true;
      setTimeout(() => void flush(), RECORD_WINDOW_MS);
    });
}

/** A 410 Gone: switch the webhook off (once, audited as the system), failing its other pending deliveries. */
async function disableGoneWebhook(db: Db, claimed: TClaimedDelivery, reason: string): Promise<void> {
  await runTransaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({
      where: { id: claimed.webhookId, active: true },
      data: { active: false, disabledReason: reason },
    });
    if (count === 0) return;
    const failed = await failPendingDeliveries(
      tx,
      claimed.webhookId,
      "Webhook deactivated: the receiver answered 410 Gone",
    );
    await appendAuditEvent(tx, {
      actor: { kind: "system", name: "webhook delivery" },
      action: "webhook.disabled",
      entityType: "webhook",
      entityId: claimed.webhookId,
      before: { active: true },
      after: { active: false, disabledReason: reason },
      metadata: { deliveryId: claimed.id, eventId: claimed.eventId, pendingDeliveriesFailed: failed },
    });
  });
}

/** POST, decide, record. Never throws: a failure to record is logged and the lease brings the delivery back. */
export async function deliverOne(
  db: Db,
  claimed: TClaimedDelivery,
  record: ReturnType<typeof createAttemptRecorder>,
  opts: TDeliveryOptions = {},
): Promise<TDeliveryOutcome> {
  const attemptNo = claimed.attempts + 1;
  const { result, durationMs } = await postWebhook(
    { ...claimed, deliveryId: claimed.id, attemptNo },
    opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
  );
  const outcome = decideAttemptOutcome(result, attemptNo - claimed.cycleStart, opts.random ?? Math.random);
  try {
    if (!(await record({ claimed, result, durationMs, outcome }))) return "unrecorded";
    if (outcome.status === "FAILED" && outcome.disableWebhook)
      await disableGoneWebhook(db, claimed, `The receiver answered 410 Gone on ${new Date().toISOString()}.`);
  } catch (err) {
    console.error(
      `[modelgate] webhook delivery ${claimed.id}: cannot record attempt ${attemptNo}:`,
      err instanceof Error ? err.message : err,
    );
    return "unrecorded";
  }
  return outcome.status === "SUCCEEDED" ? "succeeded" : outcome.status === "PENDING" ? "retrying" : "failed";
}

/**
 * Claims one batch of due deliveries and delivers it, at most `concurrency` POSTs at a time, each recorded
 * as soon as it is answered (a slow receiver delays only its own deliveries). Resolves when the batch is done.
 */
export async function deliverDueWebhooks(opts: TDeliveryOptions = {}): Promise<TDeliveryRunSummary> {
  const db = opts.db ?? (await getDb());
  const claimed = await claimDueDeliveries(db, opts);
  const summary = emptySummary();
  summary.claimed = claimed.length;
  const record = createAttemptRecorder(db, opts.now);
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) summary[await deliverOne(db, claimed[next++]!, record, opts)]++;
  };
  await Promise.all(Array.from({ length: Math.min(claimed.length, opts.concurrency ?? claimed.length) }, worker));
  return summary;
}
