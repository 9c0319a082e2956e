import { describe, expect, it } from "vitest";
import { connect } from "./connect";
import { applyMigrations, planMigrations, readLocalMigrations, MigrationError } from "./migrate";
import { useTestDatabase } from "@/lib/testing/test-db";

const db = useTestDatabase();

describe("migrator", () => {
  it("records every local migration in _prisma_migrations with its sha256 checksum", async () => {
    const rows = await db.connection.runner.query<{ migration_name: string; checksum: string; finished_at: Date }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const local = readLocalMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(local.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at)).toBe(true);
  });

  it("is idempotent: a second run applies nothing", async () => {
    expect(await applyMigrations(db.connection.runner)).toEqual([]);
  });

  it("refuses a checksum mismatch and changes nothing", async () => {
    const local = readLocalMigrations();
    const edited = local.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(applyMigrations(db.connection.runner, edited)).rejects.toThrow(/Checksum mismatch/);
    const rows = await db.connection.runner.query(`SELECT 1 FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(local.length);
  });

  it("refuses a database that is newer than the code", async () => {
    const local = readLocalMigrations();
    await expect(applyMigrations(db.connection.runner, local.slice(0, 0))).rejects.toThrow(/newer than the code/);
  });

  it("refuses a half-applied migration", () => {
    const local = readLocalMigrations();
    const first = local[0]!;
    expect(() =>
      planMigrations(local, [
        { migration_name: first.name, checksum: first.checksum, finished_at: null, rolled_back_at: null },
      ]),
    ).toThrow(MigrationError);
  });

  it("makes the audit log append-only", async () => {
    await db.connection.runner.query(
      `INSERT INTO audit_events ("actorType","actorLabel",action,"entityType","entityId","prevHash",hash) VALUES ('system','system','x','t','1','0','h1')`,
    );
    await expect(db.connection.runner.query(`UPDATE audit_events SET action = 'y'`)).rejects.toThrow(/append-only/);
    await expect(db.connection.runner.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });

  it("applies the same migrations to a brand-new database", async () => {
    const c = await connect({ url: process.env.TEST_DATABASE_URL ? undefined : undefined });
    try {
      const names = await applyMigrations(c.runner);
      expect(names.length).toBe(readLocalMigrations().length);
    } finally {
      await c.close();
    }
  });
});
