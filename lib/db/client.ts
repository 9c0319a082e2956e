import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "../env";
import { connect, type Connection } from "./connect";
import { ensureMetricPartitions } from "./metric-partitions";
import { applyMigrations } from "./migrate";

/** Secrets never leave the database layer unless a query opts in with `omit: { field: false }`. */
const GLOBAL_OMIT = {
  user: { passwordHash: true },
  apiToken: { tokenHash: true },
  webhook: { secret: true },
  userInvite: { tokenHash: true },
} as const;

export function createPrismaClient(connection: Connection) {
  return new PrismaClient({ adapter: connection.adapter, omit: GLOBAL_OMIT });
}

export type Db = ReturnType<typeof createPrismaClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

type DbState = { connection: Connection; prisma: Db };

// One database per process (PGlite must never be opened twice); kept on globalThis so Next's module
// reloading and the test helpers share it.
const g = globalThis as unknown as { __modelgateDb?: Promise<DbState>; __modelgateDbSync?: DbState };

/** Opens the configured database and applies pending migrations, once per process. */
export function openDatabase(): Promise<DbState> {
  if (!g.__modelgateDb) {
    g.__modelgateDb = (async () => {
      const env = getEnv();
      const connection = await connect({ url: env.DATABASE_URL, dataDir: env.MODELGATE_DATA_DIR });
      await applyMigrations(connection.runner);
      // PostgreSQL only: metric points in monthly partitions (lib/db/metric-partitions.ts); PGlite keeps one table.
      if (connection.kind === "postgres") await ensureMetricPartitions(connection.runner);
      const state = { connection, prisma: createPrismaClient(connection) };
      g.__modelgateDbSync = state;
      return state;
    })();
    g.__modelgateDb.catch(() => {
      g.__modelgateDb = undefined;
    });
  }
  return g.__modelgateDb;
}

/** The Prisma client; the database is opened on first use. */
export async function getDb(): Promise<Db> {
  return (await openDatabase()).prisma;
}

/** The driver-level SQL runner of the same database (runSqlTransaction and the few hot reads that skip Prisma). */
export async function getSqlRunner(): Promise<import("./migrate").SqlRunner> {
  return (await openDatabase()).connection.runner;
}

/** Test helpers install their own fresh database as the process's database. */
export function installDatabase(state: DbState): void {
  g.__modelgateDbSync = state;
  g.__modelgateDb = Promise.resolve(state);
}

export async function closeDatabase(): Promise<void> {
  const state = await g.__modelgateDb;
  g.__modelgateDb = undefined;
  g.__modelgateDbSync = undefined;
  if (state) {
    await state.prisma.$disconnect();
    await state.connection.close();
  }
}
