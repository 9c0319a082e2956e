import "server-only";
import type { Db } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { DEFAULT_WAITING_DAYS } from "@/lib/domain/overview/ownership-warnings";
import { getLogger } from "../log/logger";
import { computePortfolioSnapshot, type TPortfolioSnapshotData } from "./compute-portfolio-snapshot";

/*
 * The portfolio read model's refresh (issue 18). Policy, in one place:
 * - A snapshot is *stale* when it is older than SNAPSHOT_MAX_AGE_MS, or when an audit event was written after
 *   its refresh began (every use case audits its write in the same transaction, so a new audit seq means the
 *   portfolio may have changed; writes that do not audit, such as health from metric ingestion, wait for the age).
 * - A stale snapshot is refreshed at most once per DUTY_FACTOR × its last refresh's duration: the refresh
 *   reads the whole portfolio, and this bounds its share of the database to about 1/DUTY_FACTOR whatever the
 *   portfolio's size (13 s at 100,000 models on PostgreSQL → at most every 130 s).
 * - A page view that finds a stale snapshot refreshes it in the request when the last refresh took at most
 *   INLINE_REFRESH_BUDGET_MS (small portfolios such as the demo, ~10 ms on an idle machine: the page is exact, as before); otherwise it shows the stale
 *   one with its age ("as of …") and starts a refresh in the background. The background job does the same
 *   every few seconds when workers are on, so pages rarely meet a stale snapshot.
 * - One refresher at a time across instances: the refresh claims the row's "refreshingUntil" lease with one
 *   statement. No write path touches the snapshot, so it adds no lock to any write.
 */
export const SNAPSHOT_MAX_AGE_MS = 30_000;
export const INLINE_REFRESH_BUDGET_MS = 250;
export const DUTY_FACTOR = 10;
const MIN_LEASE_MS = 60_000;

export type TPortfolioSnapshot = { data: TPortfolioSnapshotData; computedAt: Date; durationMs: number };
type TSnapshotRow = {
  computedAt: Date | null;
  auditSeq: bigint;
  durationMs: number;
  data: string | null;
  currentSeq: bigint;
};

/** One row per waiting-days setting: the warnings depend on it. */
export function snapshotId(waitingDays: number): string {
  return `overview:${waitingDays}`;
}

/** The stored snapshot (if any) and the newest audit seq, in one statement. */
export async function readPortfolioSnapshot(db: Db, waitingDays: number): Promise<TSnapshotRow> {
  const [row] = await db.$queryRaw<TSnapshotRow[]>`
    SELECT s."computedAt", coalesce(s."auditSeq", 0)::bigint AS "auditSeq", coalesce(s."durationMs", 0)::int AS "durationMs", s.data::text AS data,
           (SELECT coalesce(max(seq), 0) FROM audit_events)::bigint AS "currentSeq"
    FROM (SELECT 1) one LEFT JOIN portfolio_snapshots s ON s.id = ${snapshotId(waitingDays)}`;
  return row!;
}

export function isSnapshotStale(row: TSnapshotRow, now: Date): boolean {
  if (!row.data || !row.computedAt) return true;
  return (
    now.getTime() - row.computedAt.getTime() > SNAPSHOT_MAX_AGE_MS || BigInt(row.currentSeq) > BigInt(row.auditSeq)
  );
}

/** Stale, and the last refresh ended long enough ago for the duty cycle. */
export function isRefreshDue(row: TSnapshotRow, now: Date): boolean {
  if (!isSnapshotStale(row, now)) return false;
  if (!row.computedAt) return true;
  return now.getTime() - row.computedAt.getTime() >= DUTY_FACTOR * row.durationMs;
}

export function parseSnapshot(row: TSnapshotRow): TPortfolioSnapshot | null {
  if (!row.data || !row.computedAt) return null;
  return {
    data: JSON.parse(row.data) as TPortfolioSnapshotData,
    computedAt: row.computedAt,
    durationMs: row.durationMs,
  };
}

/**
 * Claims the lease, computes the figures for `now` and stores them. Null when another refresher holds the
 * lease (its result will land shortly). The audit seq is read before the portfolio, so an event committed
 * while the refresh reads marks the result stale rather than being missed.
 */
export async function refreshPortfolioSnapshot(
  db: Db,
  { now = new Date(), waitingDays = DEFAULT_WAITING_DAYS }: { now?: Date; waitingDays?: number } = {},
): Promise<TPortfolioSnapshot | null> {
  const id = snapshotId(waitingDays);
  const claimed = await db.$queryRaw<{ auditSeq: bigint }[]>`
    INSERT INTO portfolio_snapshots AS s (id, "refreshingUntil", "updatedAt")
    VALUES (${id}, ${now}::timestamptz + ${MIN_LEASE_MS}::int * interval '1 millisecond', now())
    ON CONFLICT (id) DO UPDATE
      SET "refreshingUntil" = ${now}::timestamptz + greatest(${MIN_LEASE_MS}::int, 3 * s."durationMs") * interval '1 millisecond', "updatedAt" = now()
      WHERE s."refreshingUntil" IS NULL OR s."refreshingUntil" < ${now}::timestamptz
    RETURNING (SELECT coalesce(max(seq), 0) FROM audit_events)::bigint AS "auditSeq"`;
  if (!claimed[0]) return null;
  const t0 = performance.now();
  try {
    const data = await computePortfolioSnapshot(db, { now, waitingDays });
    const durationMs = Math.round(performance.now() - t0);
    await db.$executeRaw`
      UPDATE portfolio_snapshots
         SET data = ${JSON.stringify(data)}::jsonb, "computedAt" = ${now}, "auditSeq" = ${claimed[0].auditSeq}::bigint,
             "durationMs" = ${durationMs}, "refreshingUntil" = NULL, "updatedAt" = now()
       WHERE id = ${id}`;
    return { data, computedAt: now, durationMs };
  } catch (err) {
    await db.$executeRaw`UPDATE portfolio_snapshots SET "refreshingUntil" = NULL WHERE id = ${id}`.catch(
      () => undefined,
    );
    throw err;
  }
}

const inFlight = new Map<string, Promise<unknown>>();

/** Starts a refresh in the background unless this process already runs one for the setting; failures are logged. */
export function startBackgroundRefresh(db: Db, o: { now: Date; waitingDays: number }): void {
  const id = snapshotId(o.waitingDays);
  if (inFlight.has(id)) return;
  const p = refreshPortfolioSnapshot(db, o)
    .catch((err) =>
      getLogger().error(
        { event: "overview.refresh", error: err instanceof Error ? err.message : String(err) },
        "portfolio snapshot refresh failed",
      ),
    )
    .finally(() => inFlight.delete(id));
  inFlight.set(id, p);
}

/** Waits for background refreshes of this process (tests, graceful shutdown). */
export async function settleBackgroundRefreshes(): Promise<void> {
  await Promise.allSettled([...inFlight.values()]);
}

/** The background job: refreshes the page's snapshot when it is stale and the duty cycle allows. */
export async function refreshPortfolioSnapshotIfDue({
  now = new Date(),
  waitingDays = DEFAULT_WAITING_DAYS,
}: { now?: Date; waitingDays?: number } = {}): Promise<{ refreshed: boolean; durationMs?: number }> {
  const db = await getDb();
  if (!isRefreshDue(await readPortfolioSnapshot(db, waitingDays), now)) return { refreshed: false };
  const done = await refreshPortfolioSnapshot(db, { now, waitingDays });
  return done ? { refreshed: true, durationMs: done.durationMs } : { refreshed: false };
}
