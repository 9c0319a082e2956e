/**
 * `npm run db:backup -- FILE` and `npm run db:restore -- FILE [--force]`: PGlite's data directory
 * (MODELGATE_DATA_DIR) to and from one file. Stop the server first. On PostgreSQL use pg_dump/pg_restore.
 */
import { getEnv, isPostgresUrl } from "@/lib/env";
import { backupPglite, restorePglite } from "@/lib/server/ops/pglite-backup";

async function main(): Promise<number> {
  const [command, file, ...rest] = process.argv.slice(2);
  const env = getEnv();
  if ((command !== "backup" && command !== "restore") || !file || rest.some((a) => a !== "--force")) {
    console.error("Usage: npm run db:backup -- FILE | npm run db:restore -- FILE [--force]");
    return 2;
  }
  if (isPostgresUrl(env.DATABASE_URL)) {
    console.error(
      "DATABASE_URL points at PostgreSQL: back it up with pg_dump and restore with pg_restore (docs/DEPLOY.md).",
    );
    return 2;
  }
  if (command === "backup") {
    const { bytes } = await backupPglite(env.MODELGATE_DATA_DIR, file);
    console.log(`Backed up ${env.MODELGATE_DATA_DIR} to ${file} (${bytes} bytes).`);
  } else {
    await restorePglite(file, env.MODELGATE_DATA_DIR, { force: rest.includes("--force") });
    console.log(`Restored ${file} into ${env.MODELGATE_DATA_DIR}.`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
