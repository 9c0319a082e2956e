import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";

/**
 * The app's own migrator (DESIGN.md 1.1): Prisma 6.19's wasm migration path fails on a real PostgreSQL,
 * so we apply prisma/migrations/<name>/migration.sql ourselves, in order, all pending ones in ONE transaction
 * under an advisory lock (all or nothing, and safe when several instances start together), and record them in `_prisma_migrations` with Prisma's columns and sha256 checksums, so
 * `prisma migrate status` agrees with us. The same code serves PGlite and PostgreSQL.
 */
export type SqlRunner = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script (no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs fn inside BEGIN … COMMIT on one connection, rolling back on error. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
};

export type LocalMigration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = "MigrationError";
}

// Prisma's own lock id, so our migrator and `prisma migrate deploy` never run at the same time.
const MIGRATION_LOCK_ID = 72707369;

export function defaultMigrationsDir(): string {
  // Read at run time from the install directory; not something the bundler should trace.
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function readLocalMigrations(dir = defaultMigrationsDir()): LocalMigration[] {
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
};

/**
 * Compares the database's history with the code's migrations. Throws (and so refuses to start) when
 * an applied migration was edited (checksum mismatch), when the database holds migrations this code
 * does not know (it is newer than the code), or when a previous migration failed half-way.
 * Returns the migrations still to apply, in order.
 */
export function planMigrations(local: LocalMigration[], applied: AppliedRow[]): LocalMigration[] {
  const byName = new Map(local.map((m) => [m.name, m]));
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    const mine = byName.get(row.migration_name);
    if (!mine) {
      throw new MigrationError(
        `The database has migration "${row.migration_name}", which this version of Modelgate does not know: ` +
          `the database is newer than the code. Upgrade Modelgate or point it at another database.`,
      );
    }
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration "${row.migration_name}" started but never finished. Restore the database or resolve it ` +
          `with \`prisma migrate resolve\` before starting Modelgate.`,
      );
    }
    if (row.checksum !== mine.checksum) {
      throw new MigrationError(
        `Checksum mismatch for migration "${row.migration_name}": the file changed after it was applied ` +
          `(database ${row.checksum.slice(0, 12)}…, file ${mine.checksum.slice(0, 12)}…). Refusing to start.`,
      );
    }
  }
  const done = new Set(applied.filter((r) => !r.rolled_back_at).map((r) => r.migration_name));
  return local.filter((m) => !done.has(m.name));
}

const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Applies every pending migration; returns the names applied. Safe to call from several processes at once on PostgreSQL. */
export async function applyMigrations(
  db: SqlRunner,
  migrations: LocalMigration[] = readLocalMigrations(),
): Promise<string[]> {
  return db.transaction(async (tx) => {
    // Transaction-scoped lock: a second instance starting at the same moment waits here, then finds nothing to do.
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    await tx.exec(CREATE_HISTORY_TABLE);
    const applied = await tx.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const pending = planMigrations(migrations, applied);
    for (const m of pending) {
      const id = randomUUID();
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [id, m.checksum, m.name],
      );
    }
    return pending.map((m) => m.name);
  });
}
