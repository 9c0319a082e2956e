import "server-only";
import { getDb } from "@/lib/db/client";
import {
  claimDueDeliveries,
  createAttemptRecorder,
  DEFAULT_BATCH_SIZE,
  deliverOne,
  type TDeliveryOptions,
  type TDeliveryRunSummary,
} from "./deliver-webhooks";
import { jobsStopping, type Job } from "./scheduler";

export type TPumpOptions = TDeliveryOptions & {
  /** POSTs in flight at once in this process (default 100). */
  maxInFlight?: number;
  /** Stop claiming after this long (default 10 s); deliveries still in flight finish on their own. */
  budgetMs?: number;
  /** While POSTs are in flight and nothing else was due, look again this often (default 250 ms). */
  pollMs?: number;
};

// Deliveries in flight in this process, across pump passes: a pass that ends does not wait for slow receivers,
// and the next pass counts them against its slots.
const g = globalThis as unknown as { __modelgateWebhookInFlight?: Set<Promise<void>> };
const inFlight: Set<Promise<void>> = (g.__modelgateWebhookInFlight ??= new Set());

// Wakes a waiting pass when a delivery finishes (one listener at a time: passes never overlap in a process).
let wake: (() => void) | null = null;

/** Resolves false when a delivery finishes, true when `ms` passed first. */
function waitForSlot(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      wake = null;
      resolve(true);
    }, ms);
    wake = () => {
      clearTimeout(timer);
      wake = null;
      resolve(false);
    };
  });
}

/**
 * One pass of the background delivery job: keeps up to `maxInFlight` deliveries in flight, claiming more
 * as slots free up, until nothing is due and nothing is in flight, or the budget is spent. A receiver
 * that answers slowly or not at all holds one slot until its timeout and nothing else: the pass goes on
 * claiming and delivering around it, and when the pass ends it is left to finish by itself.
 */
export async function pumpWebhookDeliveries(opts: TPumpOptions = {}): Promise<TDeliveryRunSummary> {
  const db = opts.db ?? (await getDb());
  const maxInFlight = opts.maxInFlight ?? 100;
  const deadline = Date.now() + (opts.budgetMs ?? 10_000);
  const summary: TDeliveryRunSummary = { claimed: 0, succeeded: 0, retrying: 0, failed: 0, unrecorded: 0 };
  const record = createAttemptRecorder(db, opts.now);
  // Claim again once half the slots are free (or a poll interval passed), not on every finished POST: a
  // claim has a fixed cost, and slots held by slow receivers must not stop the others being refilled.
  const refill = Math.min(opts.batchSize ?? DEFAULT_BATCH_SIZE, Math.ceil(maxInFlight / 2));
  let polled = true;
  // On shutdown (SIGTERM) nothing new is claimed; what is in flight finishes and is recorded (drainWebhookDeliveries).
  while (Date.now() < deadline && !jobsStopping()) {
    const free = maxInFlight - inFlight.size;
    let fullBatch = false;
    if (free > 0 && (free >= refill || polled)) {
      const wanted = Math.min(free, opts.batchSize ?? DEFAULT_BATCH_SIZE);
      const rows = await claimDueDeliveries(db, { ...opts, batchSize: wanted });
      const claimed = rows.length;
      fullBatch = claimed === wanted;
      summary.claimed += claimed;
      for (const row of rows) {
        const p: Promise<void> = deliverOne(db, row, record, opts)
          .catch((err: unknown) => {
            console.error(`[modelgate] webhook delivery ${row.id} failed:`, err instanceof Error ? err.message : err);
            return "unrecorded" as const;
          })
          .then((outcome) => {
            summary[outcome]++;
            inFlight.delete(p);
            wake?.();
          });
        inFlight.add(p);
      }
      if (claimed === 0 && inFlight.size === 0) break;
    }
    // More may be due and slots freed up while claiming (their wake-up found nobody waiting): claim again now.
    if (fullBatch && maxInFlight - inFlight.size >= refill) continue;
    polled = await waitForSlot(opts.pollMs ?? 250);
  }
  return summary;
}

/** Waits for every delivery in flight in this process (tests, benchmarks, graceful shutdown). */
export async function drainWebhookDeliveries(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}

/** The job registered at start-up: a pass every second (the scheduler never overlaps passes). */
export const WEBHOOK_DELIVERY_JOB: Job = {
  name: "webhook-delivery",
  everyMs: 1_000,
  run: async () => {
    await pumpWebhookDeliveries({ batchSize: DEFAULT_BATCH_SIZE, maxInFlight: 100 });
  },
};
