import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "@/lib/db/client";

/**
 * Once-per-period jobs across every instance on one database (scheduled alert evaluation). Each instance
 * ticks several times per period; a tick first claims the current period in `job_leases` with one
 * statement, on the database's clock:
 * - a new period is claimed by the first instance to ask;
 * - a period already claimed is skipped, unless its holder's lease expired before it finished (the
 *   instance died mid-run): then another instance takes the run over;
 * - on SIGTERM an instance releases what it holds unfinished, so another takes it over at once.
 * So each period's run happens once (twice only when a holder dies mid-run, and then the second run
 * redoes idempotent work: alert evaluation's writes are constraint-guarded).
 */
export const HOLDER_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

export type TLeaseClaim = { period: number } | null;

export async function claimPeriod(
  db: Db,
  o: { name: string; periodMs: number; leaseMs: number; holder?: string },
): Promise<TLeaseClaim> {
  const holder = o.holder ?? HOLDER_ID;
  const rows = await db.$queryRaw<{ period: bigint | number | string }[]>`
    INSERT INTO job_leases AS l (name, period, holder, "leasedUntil", "doneAt", "updatedAt")
    VALUES (${o.name}, floor(extract(epoch FROM now()) * 1000 / ${o.periodMs}::int)::bigint, ${holder},
            now() + ${o.leaseMs}::int * interval '1 millisecond', NULL, now())
    ON CONFLICT (name) DO UPDATE
      SET period = EXCLUDED.period, holder = EXCLUDED.holder, "leasedUntil" = EXCLUDED."leasedUntil", "doneAt" = NULL, "updatedAt" = now()
      WHERE l.period < EXCLUDED.period
         OR (l.period = EXCLUDED.period AND l."doneAt" IS NULL AND (l."leasedUntil" IS NULL OR l."leasedUntil" < now()))
    RETURNING period`;
  return rows[0] ? { period: Number(rows[0].period) } : null;
}

/** Marks the claimed period done (only if this holder still holds it). */
export async function finishPeriod(db: Db, o: { name: string; period: number; holder?: string }): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE job_leases SET "doneAt" = now(), "leasedUntil" = NULL, "updatedAt" = now()
     WHERE name = ${o.name} AND period = ${o.period}::bigint AND holder = ${o.holder ?? HOLDER_ID} AND "doneAt" IS NULL`;
  return n === 1;
}

/** Gives up every unfinished period this holder holds (graceful shutdown): another instance may take it at once. */
export async function releaseLeases(db: Db, holder = HOLDER_ID): Promise<number> {
  return db.$executeRaw`
    UPDATE job_leases SET "leasedUntil" = NULL, "updatedAt" = now() WHERE holder = ${holder} AND "doneAt" IS NULL`;
}
