import { setTimeout as sleep } from "node:timers/promises";
import { getDb, getSqlRunner, type Db, type Tx } from "./client";
import type { SqlRunner } from "./migrate";

/**
 * The one way a use case writes: an interactive transaction that is re-run from the start when PostgreSQL
 * aborts it for a deadlock (40P01) or a serialization failure (40001). Both are the database's way of saying
 * "try again": nothing of the aborted attempt was applied, so re-running the whole use case is safe. Use cases
 * must therefore keep side effects outside the database (HTTP calls, in-memory caches) after this returns.
 *
 * Lock order (docs/ARCHITECTURE.md, "Lock order"): model row, then version rows, then request / handoff /
 * deployment / alert rows, then advisory locks of narrower scope. Following it makes deadlocks rare; this
 * helper makes the remaining ones invisible to clients.
 */
export type TransactionOptions = {
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** Prisma's interactive-transaction timeout (default 15 s) and wait for a connection (default 10 s). */
  timeoutMs?: number;
  maxWaitMs?: number;
  /** The database to use; defaults to the process's (tests pass their own). */
  db?: Db;
};

const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);

/** True when the error (or one of its causes) is a deadlock or serialization failure reported by PostgreSQL. */
export function isRetryableTransactionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const e = cur as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    // P2034: Prisma's own name for "write conflict or deadlock, retry the transaction".
    if (e.code === "P2034") return true;
    if (typeof e.code === "string" && RETRYABLE_SQLSTATES.has(e.code)) return true;
    if (typeof e.originalCode === "string" && RETRYABLE_SQLSTATES.has(e.originalCode)) return true;
    if (typeof e.message === "string" && /deadlock detected|could not serialize access/i.test(e.message)) return true;
    const meta = e.meta as { code?: unknown } | undefined;
    if (meta && typeof meta.code === "string" && RETRYABLE_SQLSTATES.has(meta.code)) return true;
    cur = e.cause;
  }
  return false;
}

/** Full-jitter exponential backoff (AWS's recommendation): uniform in [0, min(cap, base·2^attempt)). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(250, 8 * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

let retriedTotal = 0;
/** Transactions re-run since start (exported on /metrics when that exists). */
export function transactionRetryCount(): number {
  return retriedTotal;
}

// Work to do once a transaction run by runTransaction has committed (e.g. wake the audit sequencer). Keyed by
// the transaction client, so a retried attempt starts with an empty list and an aborted one runs nothing.
const committedHooks = new WeakMap<object, Set<() => void>>();

/** Runs `hook` after the transaction commits (only for transactions run by runTransaction or runSqlTransaction; else never). */
export function afterCommit(tx: Tx | SqlTx, hook: () => void): void {
  committedHooks.get(tx)?.add(hook);
}

/** A transaction of plain SQL statements on one connection (see runSqlTransaction). */
export type SqlTx = Pick<SqlRunner, "query">;

/** The retry loop both helpers share: `attempt` runs one whole transaction and registers its commit hooks. */
async function withRetries<T>(maxAttempts: number, attempt: (hooks: Set<() => void>) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    const hooks = new Set<() => void>();
    try {
      const out = await attempt(hooks);
      for (const hook of hooks) hook();
      return out;
    } catch (err) {
      if (n + 1 >= maxAttempts || !isRetryableTransactionError(err)) throw err;
      retriedTotal++;
      await sleep(retryDelayMs(n));
    }
  }
}

export async function runTransaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const db = opts.db ?? (await getDb());
  return withRetries(opts.maxAttempts ?? 5, (hooks) =>
    db.$transaction(
      (tx) => {
        committedHooks.set(tx, hooks);
        return fn(tx);
      },
      { timeout: opts.timeoutMs ?? 15_000, maxWait: opts.maxWaitMs ?? 10_000 },
    ),
  );
}

/**
 * The same transaction, retries and commit hooks as runTransaction, with plain SQL on the driver instead of
 * Prisma: for the hottest writes only (MLflow registrations, API token checks). Measured in issue 13, a Prisma
 * 6.19 query costs 1.3–3 ms of CPU (its WebAssembly query compiler runs on every call and caches no plan; plan
 * caching came in Prisma 7.4) where the same statement on the driver costs 0.3 ms, and an interactive
 * transaction adds 1.3 ms more; on a 2-core server, CPU per request is what bounds write throughput.
 */
export async function runSqlTransaction<T>(
  fn: (sql: SqlTx) => Promise<T>,
  opts: { maxAttempts?: number; runner?: SqlRunner } = {},
): Promise<T> {
  const runner = opts.runner ?? (await getSqlRunner());
  return withRetries(opts.maxAttempts ?? 5, (hooks) =>
    runner.transaction((sql) => {
      committedHooks.set(sql, hooks);
      return fn(sql);
    }),
  );
}
