/**
 * Metric ingestion benchmark: `npx tsx --conditions=react-server bench/ingestion.bench.ts` (also run by
 * `npm run bench -- ingestion`). Needs a production build in this repository (`npm run build`) and
 * PostgreSQL at BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/modelgate_bench_ingest; the
 * database is created if missing and its metric points are truncated at the start of each run).
 *
 * What it measures, per database: POST /api/v1/versions/{id}/metrics through the real server
 * (`node scripts/start.mjs`, production build, MODELGATE_SEED=none, background workers off) in batches
 * of 1,000 points from CLIENTS concurrent clients, with an Idempotency-Key per batch (what a pipeline that
 * retries sends) and without. The ceiling, in the same run: the same batches with the same concurrency
 * straight through `pg` — INSERT … SELECT FROM unnest(arrays), a multi-row INSERT … VALUES, and the
 * INSERT … SELECT FROM jsonb_array_elements our code issues — with no HTTP, auth, validation or Prisma;
 * the same with the hourly rollups our statement also writes — the fastest is the ceiling. (COPY needs a stream client `pg` does not ship; no new dependency was
 * added for it.) Goals: ≥ 100,000 points/s on PostgreSQL, ≥ 20,000 points/s on PGlite.
 * Every stored point is counted afterwards, so a fast but lossy run cannot pass.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "../lib/db/client";
import { connect } from "../lib/db/connect";
import { applyMigrations } from "../lib/db/migrate";
import { ROOT, startServer, type TServer } from "./registry/app-server";

const PG_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_bench_ingest";
const PORT = Number(process.env.BENCH_PORT ?? 3370);
const BATCH = 1000;
const CLIENTS = 8;
const WARMUP_BATCHES = 60;
const MEASURED_BATCHES = { postgres: 300, pglite: 150 };
const METRICS = ["latency_p50_ms", "latency_p95_ms", "requests", "error_rate", "cpu_util"];
const GOALS = { postgres: 100_000, pglite: 20_000 };

type TFixture = { versionId: string; token: string };
type TPhase = {
  label: string;
  points: number;
  seconds: number;
  p50: number;
  p95: number;
  serverCpuMsPer1k: number | null;
};

function log(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A batch as a client sends it: 1,000 points over the last hour, five metric names. */
function batchPoints(seed: number): { name: string; value: number; timestamp: string; environment: string }[] {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: BATCH }, (_, i) => ({
    name: METRICS[i % METRICS.length]!,
    value: Math.round(((seed * 7919 + i * 104729) % 100_000) / 10) / 100,
    timestamp: new Date(base + ((seed * BATCH + i) % 3_600_000)).toISOString(),
    environment: "production",
  }));
}

/** Team, user, model, version and an ingest token, written straight into the database the server will use. */
async function createFixture(url: string | undefined, dataDir?: string): Promise<TFixture> {
  const connection = await connect({ url, dataDir });
  await applyMigrations(connection.runner);
  const db = createPrismaClient(connection);
  try {
    const tag = randomBytes(4).toString("hex");
    const team = await db.team.create({ data: { slug: `bench-${tag}`, name: `Bench ${tag}` } });
    const user = await db.user.create({
      data: { email: `bench-${tag}@bench.local`, name: "Bench pipeline", roles: ["DATA_SCIENTIST"], teamId: team.id },
    });
    const model = await db.model.create({
      data: {
        slug: `bench-ingest-${tag}`,
        title: "Ingestion bench",
        problemType: "CLASSIFICATION",
        criticality: "INTERNAL",
        teamId: team.id,
        dsOwnerId: user.id,
        versionCounter: 1,
      },
    });
    const version = await db.modelVersion.create({
      data: { modelId: model.id, number: 1, artifactUri: "s3://bench/model.pkl" },
    });
    // The token format of lib/server/auth/api-tokens.ts; only its sha256 is stored.
    const token = `mg_${randomBytes(32).toString("base64url")}`;
    await db.apiToken.create({
      data: {
        name: "bench",
        prefix: token.slice(0, 9),
        tokenHash: createHash("sha256").update(token).digest("hex"),
        scopes: ["ingest"],
        userId: user.id,
      },
    });
    return { versionId: version.id, token };
  } finally {
    await db.$disconnect();
    await connection.close();
  }
}

/** Runs `count` jobs from `workers` concurrent loops; returns per-job latencies (ms) and the wall time (s). */
async function drive(
  count: number,
  workers: number,
  job: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function httpPhase(
  server: TServer,
  fx: TFixture,
  label: string,
  batches: string[],
  withKey: boolean,
  first: number,
): Promise<TPhase> {
  const runId = randomBytes(4).toString("hex");
  const send = async (i: number) => {
    const headers: Record<string, string> = { authorization: `Bearer ${fx.token}`, "content-type": "application/json" };
    if (withKey) headers["idempotency-key"] = `bench-${runId}-${first + i}`;
    const res = await fetch(`${server.url}/api/v1/versions/${fx.versionId}/metrics`, {
      method: "POST",
      headers,
      body: batches[i]!,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`${label}: batch ${i} answered ${res.status}: ${text.slice(0, 300)}`);
  };
  const cpuBefore = server.cpuMs();
  const r = await drive(batches.length, CLIENTS, send);
  const cpu = server.cpuMs() - cpuBefore;
  const points = batches.length * BATCH;
  return {
    label,
    points,
    seconds: r.seconds,
    p50: percentile(r.latencies, 50),
    p95: percentile(r.latencies, 95),
    serverCpuMsPer1k: Number.isFinite(cpu) ? cpu / (points / 1000) : null,
  };
}

/** The bare statements, through a pg pool of CLIENTS connections. */
async function ceilingPhases(versionId: string, batches: ReturnType<typeof batchPoints>[]): Promise<TPhase[]> {
  const pool = new pg.Pool({ connectionString: PG_URL, max: CLIENTS });
  try {
    const unnest = async (i: number) => {
      const b = batches[i]!;
      await pool.query(
        `INSERT INTO metric_points ("versionId", environment, name, value, ts)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::timestamptz[])`,
        [
          b.map(() => versionId),
          b.map((p) => p.environment),
          b.map((p) => p.name),
          b.map((p) => p.value),
          b.map((p) => p.timestamp),
        ],
      );
    };
    const values = async (i: number) => {
      const b = batches[i]!;
      const params: unknown[] = [];
      const rows = b.map((p, k) => {
        params.push(versionId, p.environment, p.name, p.value, p.timestamp);
        const o = k * 5;
        return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
      });
      await pool.query(
        `INSERT INTO metric_points ("versionId", environment, name, value, ts) VALUES ${rows.join(", ")}`,
        params,
      );
    };
    const compactArgs = (b: ReturnType<typeof batchPoints>) => {
      const names = [...new Set(b.map((p) => p.name))];
      const environments = [...new Set(b.map((p) => p.environment))];
      return [
        versionId,
        environments,
        names,
        JSON.stringify(
          b.map((p) => [environments.indexOf(p.environment), names.indexOf(p.name), p.value, Date.parse(p.timestamp)]),
        ),
      ];
    };
    const COMPACT_SELECT = `SELECT $1, ($2::text[])[(a->>0)::int + 1], ($3::text[])[(a->>1)::int + 1], (a->>2)::float8,
                timestamptz 'epoch' + (a->>3)::bigint * interval '1 millisecond'
         FROM jsonb_array_elements($4::jsonb) AS a`;
    // The points half of the statement lib/server/monitoring/insert-metric-points.ts issues (the design before rollups).
    const compact = async (i: number) => {
      await pool.query(
        `INSERT INTO metric_points ("versionId", environment, name, value, ts) ${COMPACT_SELECT}`,
        compactArgs(batches[i]!),
      );
    };
    // The whole statement it issues: the points and their hourly rollups, without Prisma.
    const compactRollups = async (i: number) => {
      await pool.query(
        `WITH inserted AS (INSERT INTO metric_points ("versionId", environment, name, value, ts) ${COMPACT_SELECT} RETURNING "versionId", environment, name, value, ts),
         rolled AS (
           INSERT INTO metric_rollups ("versionId", environment, name, hour, count, sum, min, max)
           SELECT "versionId", environment, name, date_bin(interval '1 hour', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*)::int, sum(value), min(value), max(value)
           FROM inserted GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2, 4
           ON CONFLICT ("versionId", name, environment, hour) DO UPDATE
             SET count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum,
                 min = least(metric_rollups.min, excluded.min), max = greatest(metric_rollups.max, excluded.max)
           RETURNING 1)
         SELECT count(*)::int FROM inserted`,
        compactArgs(batches[i]!),
      );
    };
    await drive(WARMUP_BATCHES, CLIENTS, unnest);
    const phases: TPhase[] = [];
    for (const [label, job] of [
      ["pg unnest INSERT", unnest],
      ["pg multi-row INSERT … VALUES", values],
      ["pg INSERT … jsonb_array_elements (points only)", compact],
      ["pg INSERT … jsonb_array_elements + hourly rollups (ours)", compactRollups],
    ] as const) {
      const r = await drive(batches.length, CLIENTS, job);
      phases.push({
        label,
        points: batches.length * BATCH,
        seconds: r.seconds,
        p50: percentile(r.latencies, 50),
        p95: percentile(r.latencies, 95),
        serverCpuMsPer1k: null,
      });
    }
    return phases;
  } finally {
    await pool.end();
  }
}

async function ensurePgDatabase(): Promise<void> {
  const url = new URL(PG_URL);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

async function countPoints(
  versionId: string,
  url: string | undefined,
  dataDir?: string,
  table: "metric_points" | "metric_rollups" = "metric_points",
): Promise<number> {
  const connection = await connect({ url, dataDir });
  try {
    const counted = table === "metric_points" ? "count(*)" : "coalesce(sum(count), 0)";
    const rows = await connection.runner.query<{ n: string }>(
      `SELECT ${counted}::text AS n FROM ${table} WHERE "versionId" = $1`,
      [versionId],
    );
    return Number(rows[0]!.n);
  } finally {
    await connection.close();
  }
}

async function benchServer(kind: "postgres" | "pglite", env: Record<string, string>, fx: TFixture): Promise<TPhase[]> {
  const server = await startServer({
    port: PORT,
    env: {
      ...env,
      MODELGATE_SEED: "none",
      MODELGATE_WORKERS: "off",
      NEXTAUTH_SECRET: randomBytes(24).toString("base64url"),
    },
    logPath: path.join(os.tmpdir(), `modelgate-bench-ingest-${kind}.log`),
  });
  try {
    const n = MEASURED_BATCHES[kind];
    const bodies = (count: number, offset: number) =>
      Array.from({ length: count }, (_, i) => JSON.stringify({ points: batchPoints(offset + i) }));
    await httpPhase(server, fx, "warm-up", bodies(WARMUP_BATCHES, 0), true, 0);
    return [
      await httpPhase(server, fx, `HTTP, Idempotency-Key (${kind})`, bodies(n, 1000), true, 1000),
      await httpPhase(server, fx, `HTTP, no key (${kind})`, bodies(n, 5000), false, 5000),
    ];
  } finally {
    await server.stop();
  }
}

function row(p: TPhase, ceiling: number): string {
  const rate = p.points / p.seconds;
  const cpu = p.serverCpuMsPer1k === null ? "—" : p.serverCpuMsPer1k.toFixed(1);
  return `| ${p.label} | ${Math.round(rate).toLocaleString("en-US")} | ${(rate / ceiling).toFixed(2)} | ${p.p50.toFixed(1)} | ${p.p95.toFixed(1)} | ${cpu} |`;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log(`No production build in ${ROOT} (.next/BUILD_ID is missing): run \`npm run build\` first.`);
    process.exit(1);
  }
  log(
    `Metric ingestion: batches of ${BATCH} points, ${CLIENTS} concurrent clients, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  await ensurePgDatabase();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  // A dedicated database: start every run from empty tables so index growth does not drift the figures.
  await admin.query("SELECT 1 FROM pg_tables WHERE tablename = 'metric_points'").then(async (r) => {
    if (r.rowCount) await admin.query("TRUNCATE metric_points, idempotency_keys");
  });
  await admin.query("SELECT 1 FROM pg_tables WHERE tablename = 'metric_rollups'").then(async (r) => {
    if (r.rowCount) await admin.query("TRUNCATE metric_rollups");
  });
  await admin.end();

  const pgFixture = await createFixture(PG_URL);
  const pgPhases = await benchServer("postgres", { DATABASE_URL: PG_URL }, pgFixture);
  const ceilingBatches = Array.from({ length: MEASURED_BATCHES.postgres }, (_, i) => batchPoints(9000 + i));
  const ceiling = await ceilingPhases(pgFixture.versionId, ceilingBatches);
  // Through HTTP: warm-up and two measured phases; through pg: warm-up and four statement forms.
  const pgExpected = (2 * WARMUP_BATCHES + 6 * MEASURED_BATCHES.postgres) * BATCH;
  const pgStored = await countPoints(pgFixture.versionId, PG_URL);
  if (pgStored !== pgExpected)
    throw new Error(`PostgreSQL holds ${pgStored} points of the version; ${pgExpected} were sent`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bench-ingest-"));
  let litePhases: TPhase[];
  try {
    const liteFixture = await createFixture(undefined, dataDir);
    litePhases = await benchServer("pglite", { MODELGATE_DATA_DIR: dataDir }, liteFixture);
    const liteExpected = (WARMUP_BATCHES + 2 * MEASURED_BATCHES.pglite) * BATCH;
    const liteStored = await countPoints(liteFixture.versionId, undefined, dataDir);
    if (liteStored !== liteExpected)
      throw new Error(`PGlite holds ${liteStored} points of the version; ${liteExpected} were sent`);
    // Only the HTTP path wrote here, so the hourly rollups must account for every point.
    const liteRolled = await countPoints(liteFixture.versionId, undefined, dataDir, "metric_rollups");
    if (liteRolled !== liteExpected)
      throw new Error(`PGlite's hourly rollups count ${liteRolled} points; ${liteExpected} were stored`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const best = Math.max(...ceiling.map((c) => c.points / c.seconds));
  log("");
  log("| path | points/s | ratio to ceiling | p50 ms/batch | p95 ms/batch | server CPU ms per 1k points |");
  log("|---|---:|---:|---:|---:|---:|");
  for (const p of [...ceiling, ...pgPhases, ...litePhases]) log(row(p, best));
  log("");
  const rate = (phases: TPhase[]) => phases[0]!.points / phases[0]!.seconds;
  for (const [kind, phases] of [
    ["postgres", pgPhases],
    ["pglite", litePhases],
  ] as const) {
    const r = rate(phases);
    log(
      `${kind}: ${Math.round(r).toLocaleString("en-US")} points/s with Idempotency-Key (goal ${GOALS[kind].toLocaleString("en-US")}: ${r >= GOALS[kind] ? "met" : "NOT met"}), ${(r / best).toFixed(2)} of the pg ceiling (${Math.round(best).toLocaleString("en-US")} points/s)`,
    );
  }
  log(
    `every point counted back: ${pgStored.toLocaleString("en-US")} on PostgreSQL, ${((WARMUP_BATCHES + 2 * MEASURED_BATCHES.pglite) * BATCH).toLocaleString("en-US")} on PGlite`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
