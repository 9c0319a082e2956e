import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { isPostgresUrl } from "../env";
import type { SqlRunner } from "./migrate";

/** A raw connection to the database plus the Prisma adapter factory built on it. */
export type Connection = {
  kind: "pglite" | "postgres";
  runner: SqlRunner;
  adapter: PrismaPGlite | PrismaPg;
  close(): Promise<void>;
  /** Pool occupancy for /metrics (PostgreSQL only). */
  stats?: () => { total: number; idle: number; waiting: number };
};

export type ConnectOptions = {
  /** postgres(ql):// URL, or undefined for PGlite. */
  url?: string;
  /** PGlite data directory; "memory://" (or undefined in tests) keeps it in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use instead of public (tests isolate each file in its own schema). */
  schema?: string;
  poolSize?: number;
};

function pgliteRunner(db: PGlite | Parameters<Parameters<PGlite["transaction"]>[0]>[0]): SqlRunner {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async transaction(fn) {
      if (!("transaction" in db)) return fn(pgliteRunner(db));
      return db.transaction((tx) => fn(pgliteRunner(tx)));
    },
  };
}

function pgRunner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async transaction(fn) {
      if (!(client instanceof pg.Pool)) return fn(pgRunner(client));
      const c = await client.connect();
      let broken = false;
      try {
        await c.query("BEGIN");
        const out = await fn(pgRunner(c));
        await c.query("COMMIT");
        return out;
      } catch (err) {
        // A failed ROLLBACK means the connection itself is gone: the caller hears the first error, and the
        // pool drops the connection instead of handing it out again mid-transaction.
        await c.query("ROLLBACK").catch(() => (broken = true));
        throw err;
      } finally {
        c.release(broken);
      }
    },
  };
}

export async function connect(opts: ConnectOptions): Promise<Connection> {
  if (isPostgresUrl(opts.url)) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path="${opts.schema}"` } : {}),
    });
    // An idle connection dropped by the server (restart, failover, network) must not crash the process:
    // the pool discards it and the next query opens a new one (GET /api/ready reports the outage meanwhile).
    pool.on("error", (err) =>
      console.error(JSON.stringify({ level: "warn", event: "db.idle_connection_lost", msg: err.message })),
    );
    return {
      kind: "postgres",
      runner: pgRunner(pool),
      adapter: new PrismaPg(pool, opts.schema ? { schema: opts.schema } : undefined),
      close: () => pool.end(),
      stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const dir = opts.dataDir && opts.dataDir !== "memory://" ? opts.dataDir : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const db = dir ? new PGlite(dir) : new PGlite();
  await db.waitReady;
  return {
    kind: "pglite",
    runner: pgliteRunner(db),
    adapter: new PrismaPGlite(db),
    close: () => db.close(),
  };
}
