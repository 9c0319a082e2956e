/**
 * For benchmarks that call the app's server code in their own process (bench/mlflow.bench.ts, series.bench.ts).
 *
 * lib/server modules start with `import "server-only"`, which throws outside Next's server bundles. Importing this
 * file registers that module as empty (vitest.config.mts aliases it the same way); load the app's modules with the
 * exported `load` (a require relative to bench/), after that registration.
 *
 * The app's route code (through next-auth) needs React's full build, which the react-server condition that
 * `npm run bench` passes to every benchmark hides; since this file handles `server-only` itself, a benchmark that
 * imports it re-runs itself without that condition.
 */
import { spawnSync } from "node:child_process";
import Module, { createRequire } from "node:module";
import pg from "pg";

if (process.execArgv.some((a) => a.includes("react-server"))) {
  const r = spawnSync(process.execPath, ["--import", "tsx", process.argv[1]!], { stdio: "inherit", env: process.env });
  process.exit(r.status ?? 1);
}

export const load = createRequire(__filename);
const serverOnlyPath = load.resolve("server-only");
const serverOnly = new Module(serverOnlyPath);
serverOnly.loaded = true;
load.cache[serverOnlyPath] = serverOnly;

/**
 * Creates the database of `url` when missing and gives the benchmark a fresh, empty `schema` in it. False (with
 * the reason printed) when PostgreSQL is unreachable, so the benchmark can skip it.
 */
export async function ensurePostgresSchema(url: string, schema: string): Promise<boolean> {
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`PostgreSQL at ${maintenance.host} unreachable (${(err as Error).message}); skipping it.`);
    return false;
  }
  try {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    await dropPostgresSchema(url, schema);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    await db.end();
    return true;
  } finally {
    await admin.end();
  }
}

export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.end();
}
