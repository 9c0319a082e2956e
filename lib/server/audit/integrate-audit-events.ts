import "server-only";
import { getSqlRunner } from "@/lib/db/client";
import type { SqlRunner } from "@/lib/db/migrate";
import { GENESIS_HASH, hashAuditEvent, hashedFieldsOf } from "./audit-hash";

/**
 * The audit sequencer (issue 13). Request transactions only insert events; this integrates committed ones into
 * the hash chain, as a transparency log's sequencer does (Certificate Transparency, Trillian): it takes the
 * oldest unchained events, links each to the chain head, and stamps position, prevHash and hash in one UPDATE.
 *
 * One sequencer at a time across every instance: a pass runs only while it holds a transaction-scoped advisory
 * lock that no request transaction ever takes (pg_try_advisory_xact_lock, so a second instance skips instead of
 * waiting). Failover needs nothing: when the holder's instance dies its transaction ends, the lock goes with it,
 * and the next pass of any instance takes over. Only committed events are visible to the pass (READ COMMITTED),
 * so an event whose transaction rolled back never appears, and one whose lower seq commits after a higher one is
 * chained in a later pass, after it: the chain order is the commit order seen by the sequencer, not seq order.
 *
 * Maximum merge delay: the transaction helper wakes the sequencer as soon as a transaction with an audit event
 * commits (a pass starts within a few milliseconds), and every instance's job runner also starts a pass every
 * 500 ms, which covers events committed by another instance while this one was the sequencer.
 */
const SEQUENCER_LOCK_ID = 48151624;
export const AUDIT_SEQUENCER_EVERY_MS = 500;
const BATCH = 2000;

export type TIntegrationPass = { leader: boolean; integrated: number; maxLagMs: number };

type SequencerState = {
  running: Promise<void> | null;
  again: boolean;
  stats: { passes: number; integrated: number; lastLagMs: number; maxLagMs: number; lastError: string | null };
};
const g = globalThis as unknown as { __modelgateAuditSequencer?: SequencerState };
const state: SequencerState = (g.__modelgateAuditSequencer ??= {
  running: null,
  again: false,
  stats: { passes: 0, integrated: 0, lastLagMs: 0, maxLagMs: 0, lastError: null },
});

type TPendingRow = {
  seq: string;
  actorId: string | null;
  actorType: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  modelId: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  createdAt: Date | string;
};

/**
 * One pass: integrates up to `limit` pending events, if no other sequencer is running. Plain SQL on the driver
 * (runSqlTransaction's reason): a pass runs after every burst of audited commits, so under write load its CPU
 * competes with the requests themselves.
 */
export async function integrateAuditEvents(
  opts: { runner?: SqlRunner; limit?: number; now?: () => number } = {},
): Promise<TIntegrationPass> {
  const runner = opts.runner ?? (await getSqlRunner());
  const limit = opts.limit ?? BATCH;
  const now = opts.now ?? Date.now;
  const pass = await runner.transaction(async (sql): Promise<TIntegrationPass> => {
    const [lock] = await sql.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK_ID}) AS locked`,
    );
    if (!lock?.locked) return { leader: false, integrated: 0, maxLagMs: 0 };
    // seq as text: int8 arrives as a string from pg and as a bigint from PGlite; text is the same on both.
    const pending = await sql.query<TPendingRow>(
      `SELECT e.seq::text AS seq, "actorId", "actorType", "actorLabel", action, "entityType", "entityId", "modelId", before, after, metadata, "createdAt"
         FROM audit_events e WHERE e.position IS NULL ORDER BY e.seq LIMIT $1`,
      [limit],
    );
    if (pending.length === 0) return { leader: true, integrated: 0, maxLagMs: 0 };
    const [head] = await sql.query<{ position: string; hash: string }>(
      // Ordered by the column, not by the text alias (which would sort "9" after "10").
      `SELECT e.position::text AS position, e.hash FROM audit_events e WHERE e.position IS NOT NULL ORDER BY e.position DESC LIMIT 1`,
    );
    let position = head ? BigInt(head.position) : 0n;
    let prev = head?.hash ?? GENESIS_HASH;
    const seqs: string[] = [];
    const positions: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const at = now();
    let maxLagMs = 0;
    for (const e of pending) {
      position += 1n;
      const createdAt = new Date(e.createdAt);
      const hash = hashAuditEvent(prev, hashedFieldsOf({ ...e, createdAt }));
      seqs.push(e.seq);
      positions.push(position.toString());
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
      maxLagMs = Math.max(maxLagMs, at - createdAt.getTime());
    }
    await sql.query(
      `UPDATE audit_events AS e SET "position" = u.position, "prevHash" = u.prev, "hash" = u.hash
         FROM unnest($1::text[]::bigint[], $2::text[]::bigint[], $3::text[], $4::text[]) AS u(seq, position, prev, hash)
        WHERE e.seq = u.seq`,
      [seqs, positions, prevs, hashes],
    );
    return { leader: true, integrated: pending.length, maxLagMs };
  });
  state.stats.passes++;
  if (pass.integrated) {
    state.stats.integrated += pass.integrated;
    state.stats.lastLagMs = pass.maxLagMs;
    state.stats.maxLagMs = Math.max(state.stats.maxLagMs, pass.maxLagMs);
  }
  return pass;
}

async function passUntilEmpty(runner?: SqlRunner): Promise<{ leader: boolean; integrated: number }> {
  let integrated = 0;
  for (;;) {
    const pass = await integrateAuditEvents({ runner });
    integrated += pass.integrated;
    if (!pass.leader || pass.integrated < BATCH) return { leader: pass.leader, integrated };
  }
}

/**
 * Integrates until nothing committed is pending, waiting (up to `waitMs`) while another pass holds the
 * sequencer lock. For tests, verification helpers and shutdown; request paths only wake the sequencer.
 */
export async function drainAuditEvents(opts: { runner?: SqlRunner; waitMs?: number } = {}): Promise<number> {
  // A wake still waiting for its delay is done by this drain instead.
  if (scheduled) {
    clearTimeout(scheduled);
    scheduled = null;
  }
  if (state.running) await state.running.catch(() => undefined);
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  let total = 0;
  for (;;) {
    const pass = await passUntilEmpty(opts.runner);
    total += pass.integrated;
    if (pass.leader) return total;
    if (Date.now() > deadline)
      throw new Error("The audit sequencer lock stayed held by another pass; nothing drained.");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Asks for a pass soon: within WAKE_DELAY_MS, so that a burst of commits is chained by one pass rather than one
 * pass per commit (on PGlite every pass is a transaction on the single connection the requests also need).
 * Calls while a pass is scheduled or running fold into it, or into one more pass after it.
 */
const WAKE_DELAY_MS = 25;
let scheduled: NodeJS.Timeout | null = null;
export function wakeAuditSequencer(): void {
  if (state.running) {
    state.again = true;
    return;
  }
  if (scheduled) return;
  const timer = setTimeout(() => {
    scheduled = null;
    state.running = (async () => {
      try {
        do {
          state.again = false;
          await passUntilEmpty();
        } while (state.again);
        state.stats.lastError = null;
      } catch (err) {
        // The periodic job retries; one line per distinct failure, not one per wake.
        const message = err instanceof Error ? err.message : String(err);
        if (state.stats.lastError !== message) console.error(`[modelgate] audit sequencer pass failed: ${message}`);
        state.stats.lastError = message;
      } finally {
        state.running = null;
      }
    })();
  }, WAKE_DELAY_MS);
  timer.unref?.();
  scheduled = timer;
}

/**
 * Cancels a scheduled wake and waits for a pass in flight: before a database is closed (tests, shutdown), so no
 * pass holds a connection in a transaction while the pool ends. Events left pending are chained by the next pass
 * of any instance.
 */
export async function quiesceAuditSequencer(): Promise<void> {
  if (scheduled) {
    clearTimeout(scheduled);
    scheduled = null;
  }
  if (state.running) await state.running.catch(() => undefined);
}

/** What the sequencer did in this process (benchmarks, /metrics). */
export function auditSequencerStats(): Readonly<SequencerState["stats"]> {
  return { ...state.stats };
}

/** The periodic pass of the job runner: drains, then returns; the runner never overlaps it with itself. */
export async function runAuditSequencerJob(): Promise<void> {
  if (state.running) return state.running;
  await passUntilEmpty();
}
