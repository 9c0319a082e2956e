import "server-only";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * `npm run db:backup -- FILE` / `npm run db:restore -- FILE` for the embedded PGlite database (stop the
 * server first: one process at a time may open the data directory). The backup is PGlite's own dump of the
 * whole data directory (a gzipped tar), taken after a CHECKPOINT, so it restores to exactly that state,
 * migrations history included. PostgreSQL deployments use pg_dump / pg_restore instead (docs/DEPLOY.md).
 */
export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new Error(`No PGlite database in ${dataDir}.`);
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    await db.exec("CHECKPOINT");
    const dump = await db.dumpDataDir("gzip");
    const bytes = Buffer.from(await dump.arrayBuffer());
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(`${file}.partial`, bytes);
    renameSync(`${file}.partial`, file);
    return { bytes: bytes.length };
  } finally {
    await db.close();
  }
}

/**
 * Restores a backup into `dataDir`. Refuses to overwrite a non-empty directory unless `force`; with it,
 * the current directory is kept beside as `<dir>.before-restore-<time>` until the restore succeeded.
 */
export async function restorePglite(file: string, dataDir: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file at ${file}.`);
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied && !opts.force)
    throw new Error(`${dataDir} is not empty: pass --force to replace it (the current one is kept beside it).`);
  const aside = occupied ? `${dataDir}.before-restore-${Date.now()}` : null;
  if (aside) renameSync(dataDir, aside);
  try {
    mkdirSync(dataDir, { recursive: true });
    const blob = new Blob([readFileSync(file)]);
    const db = new PGlite(dataDir, { loadDataDir: blob });
    await db.waitReady;
    await db.query("SELECT 1");
    await db.close();
    if (aside) rmSync(aside, { recursive: true, force: true });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    if (aside) renameSync(aside, dataDir);
    throw err;
  }
}
