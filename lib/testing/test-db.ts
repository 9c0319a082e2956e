import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPrismaClient, installDatabase, type Db } from "@/lib/db/client";
import { connect, type Connection } from "@/lib/db/connect";
import { ensureMetricPartitions } from "@/lib/db/metric-partitions";
import { applyMigrations } from "@/lib/db/migrate";
import { quiesceAuditSequencer } from "@/lib/server/audit/integrate-audit-events";

/**
 * A fresh database for one test file: in-memory PGlite by default, or a throwaway schema in the
 * PostgreSQL database at TEST_DATABASE_URL (dropped afterwards). Migrations come from the same SQL files.
 */
export async function createTestDatabase(): Promise<{ prisma: Db; connection: Connection; close(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  let schema: string | undefined;
  if (url) {
    schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
  }
  const connection = await connect({ url, schema, poolSize: 25 });
  await applyMigrations(connection.runner);
  // As openDatabase does: PostgreSQL's metric points are partitioned by month, so the suite runs on that layout.
  if (connection.kind === "postgres") await ensureMetricPartitions(connection.runner);
  const prisma = createPrismaClient(connection);
  return {
    prisma,
    connection,
    async close() {
      // A sequencer pass woken by the file's last commit must not hold a pooled connection while the pool ends.
      await quiesceAuditSequencer();
      await prisma.$disconnect();
      await connection.close();
      if (url && schema) {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
        await admin.end();
      }
    },
  };
}

/** Registers beforeAll/afterAll hooks that give this test file its own database as the app database. */
export function useTestDatabase(): { readonly prisma: Db; readonly connection: Connection } {
  const holder: { prisma?: Db; connection?: Connection; close?: () => Promise<void> } = {};
  beforeAll(async () => {
    const t = await createTestDatabase();
    Object.assign(holder, t);
    installDatabase({ prisma: t.prisma, connection: t.connection });
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return {
    get prisma() {
      if (!holder.prisma) throw new Error("test database not ready (use inside tests)");
      return holder.prisma;
    },
    get connection() {
      if (!holder.connection) throw new Error("test database not ready (use inside tests)");
      return holder.connection;
    },
  };
}
