/**
 * 90-day chart benchmark (issue 7): `npx tsx --conditions=react-server bench/series.bench.ts`, or `npm run bench -- series`.
 *
 * One version holds 1,000,000 metric points inside the last 90 days: the latency chart's three series
 * (latency_p50_ms / p95 / p99, one point each every ~23 s), plus 200,000 points of other versions and metrics
 * so the table is not only the chart's. Then the chart's request, `GET /api/v1/versions/{id}/series?names=
 * latency_p50_ms,latency_p95_ms,latency_p99_ms&range=90d`, is called through the route handler exactly as Next
 * calls it (bearer token authentication, zod, problem+json wrapper, JSON serialisation included), BENCH_CALLS
 * times (default 30) after 3 warm-up calls, with p50/p95/max. Each answer is checked: three series, at most
 * ~1,000 points each, and the bucket counts add up to every point of the range. Beside it, the route's statement
 * alone (`readBuckets`: hourly rollups plus the two partial edge hours from the points) and, for comparison, the
 * design before rollups (bucketing every point with date_bin). Goal: under 200 ms.
 *
 * Databases: in-memory PGlite, and PostgreSQL at BENCH_SERIES_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/modelgate_series_bench, created when missing; the bench works in its own
 * schema and drops it afterwards). BENCH_DATABASES="pglite,postgres" (default) chooses.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { dropPostgresSchema, ensurePostgresSchema, load } from "./in-process";

const POINTS = 1_000_000;
const OTHER_POINTS = 200_000;
const NAMES = ["latency_p50_ms", "latency_p95_ms", "latency_p99_ms"];
const CALLS = Math.max(10, Number(process.env.BENCH_CALLS ?? 30));
const WARMUP = 3;
const GOAL_MS = 200;
const DAY = 86_400_000;
const PG_URL = process.env.BENCH_SERIES_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_series_bench";
const DATABASES = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").map((d) => d.trim());
const SCHEMA = "series_bench";
const TOKEN = `mg_bench_${"5".repeat(40)}`;
const CHUNK = 20_000;

type TRunner = { query<T>(sql: string, params?: unknown[]): Promise<T[]> };
type TFigures = { p50: number; p95: number; max: number; cpuPerCall: number };

function figures(latencies: number[], cpuMicros: number): TFigures {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
  return { p50: at(50), p95: at(95), max: s[s.length - 1]!, cpuPerCall: cpuMicros / 1000 / s.length };
}

/** Deterministic latency-like values: a daily wave plus noise from a small LCG. */
function* points(
  versionId: string,
  names: string[],
  count: number,
  now: number,
): Generator<[string, string, string, number, string]> {
  let state = 12345;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const span = 90 * DAY - 30 * 60_000; // inside the 90-day range even when the range is taken minutes after seeding
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length]!;
    const t = now - span + Math.floor((i / count) * span);
    const base = name.endsWith("p50_ms") ? 40 : name.endsWith("p95_ms") ? 90 : 140;
    const value = base * (1 + 0.2 * Math.sin((2 * Math.PI * (t % DAY)) / DAY)) + 10 * rand();
    yield [versionId, "production", name, Math.round(value * 100) / 100, new Date(t).toISOString()];
  }
}

/** Through the app's own writer, so the hourly rollups are maintained exactly as ingestion maintains them. */
async function insertPoints(prisma: unknown, rows: Iterable<[string, string, string, number, string]>): Promise<void> {
  const { insertMetricPoints } = load(
    "../lib/server/monitoring/insert-metric-points",
  ) as typeof import("../lib/server/monitoring/insert-metric-points");
  let batch: Parameters<typeof insertMetricPoints>[1] = [];
  const flush = async () => {
    if (batch.length) await insertMetricPoints(prisma as Parameters<typeof insertMetricPoints>[0], batch);
    batch = [];
  };
  for (const [versionId, environment, name, value, ts] of rows) {
    batch.push({ versionId, environment, name, value, ts: new Date(ts) });
    if (batch.length === CHUNK) await flush();
  }
  await flush();
}

async function seed(runner: TRunner, prisma: unknown, now: number): Promise<void> {
  await runner.query(`INSERT INTO teams (id, slug, name) VALUES ('bench-team', 'bench-team', 'Bench team')`);
  await runner.query(
    `INSERT INTO users (id, email, name, roles, "teamId", "updatedAt") VALUES ('bench-user', 'bench@modelgate.local', 'Bench', '{DATA_SCIENTIST}', 'bench-team', now())`,
  );
  await runner.query(
    `INSERT INTO api_tokens (id, name, prefix, "tokenHash", scopes, "userId") VALUES ('bench-token', 'bench', 'mg_ben', $1, '{read}', 'bench-user')`,
    [createHash("sha256").update(TOKEN).digest("hex")],
  );
  await runner.query(
    `INSERT INTO models (id, slug, title, "problemType", criticality, "teamId", "dsOwnerId", "versionCounter", "updatedAt") VALUES ('bench-m', 'bench-latency', 'Bench', 'CLASSIFICATION', 'INTERNAL', 'bench-team', 'bench-user', 2, now())`,
  );
  for (const n of [1, 2]) {
    await runner.query(
      `INSERT INTO model_versions (id, "modelId", number, stage, "artifactUri", "createdById", "updatedAt") VALUES ($1, 'bench-m', $2, 'MONITORING', 's3://bench/m', 'bench-user', now())`,
      [`bench-v${n}`, n],
    );
  }
  await insertPoints(prisma, points("bench-v2", NAMES, POINTS, now));
  await insertPoints(prisma, points("bench-v1", [...NAMES, "auc", "error_rate"], OTHER_POINTS, now));
  await runner.query("ANALYZE metric_points");
  await runner.query("ANALYZE metric_rollups");
}

type TRow = {
  database: string;
  seedSeconds: number;
  route: TFigures;
  floor: TFigures;
  scan: TFigures;
  buckets: number;
  bucketSeconds: number;
  bytes: number;
};

async function measure(kind: "pglite" | "postgres"): Promise<TRow | null> {
  if (kind === "postgres" && !(await ensurePostgresSchema(PG_URL, SCHEMA))) return null;
  const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("../lib/db/migrate");
  const { installDatabase, closeDatabase } = load("../lib/db/client") as typeof import("../lib/db/client");
  const { PrismaClient } = load("../generated/prisma/client") as typeof import("../generated/prisma/client");
  const route = load(
    "../app/api/v1/versions/[versionId]/series/route",
  ) as typeof import("../app/api/v1/versions/[versionId]/series/route");
  const { chooseBucketSeconds } = load(
    "../lib/domain/charts/time-buckets",
  ) as typeof import("../lib/domain/charts/time-buckets");

  const connection = await connect(kind === "postgres" ? { url: PG_URL, schema: SCHEMA, poolSize: 10 } : {});
  await applyMigrations(connection.runner);
  const prisma = new PrismaClient({ adapter: connection.adapter });
  const now = Date.now();
  const started = performance.now();
  await seed(connection.runner, prisma, now);
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(
    `${kind}: seeded ${POINTS.toLocaleString("en")} + ${OTHER_POINTS.toLocaleString("en")} points (with their hourly rollups, through insertMetricPoints) in ${seedSeconds.toFixed(1)} s`,
  );
  installDatabase({ prisma: prisma as unknown as Parameters<typeof installDatabase>[0]["prisma"], connection });

  let bytes = 0;
  let buckets = 0;
  let bucketSeconds = 0;
  const call = async () => {
    const url = `http://localhost/api/v1/versions/bench-v2/series?names=${NAMES.join(",")}&range=90d`;
    const res = await route.GET(new Request(url, { headers: { authorization: `Bearer ${TOKEN}` } }), {
      params: Promise.resolve({ versionId: "bench-v2" }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`series answered ${res.status}: ${text.slice(0, 300)}`);
    bytes = text.length;
    return JSON.parse(text) as { bucketSeconds: number; series: { name: string; points: { count: number }[] }[] };
  };
  // The answer must be the whole chart: three series, ≤ ~1,000 points each, every one of the 1,000,000 points counted once.
  const first = await call();
  const counted = first.series.reduce((sum, s) => sum + s.points.reduce((a, p) => a + p.count, 0), 0);
  if (first.series.length !== 3 || counted !== POINTS || first.series.some((s) => s.points.length > 1_100)) {
    throw new Error(
      `unexpected answer: ${first.series.length} series, ${counted} points counted, sizes ${first.series.map((s) => s.points.length).join("/")}`,
    );
  }
  buckets = Math.max(...first.series.map((s) => s.points.length));
  bucketSeconds = first.bucketSeconds;

  const timed = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < WARMUP; i++) await fn();
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await fn();
      latencies.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    return figures(latencies, cpu.user + cpu.system);
  };
  const routeFigures = await timed(call);
  const bucket = chooseBucketSeconds(now - 90 * DAY, now);
  const { readBuckets } = load(
    "../lib/server/monitoring/get-metric-series",
  ) as typeof import("../lib/server/monitoring/get-metric-series");
  const { getDb } = load("../lib/db/client") as typeof import("../lib/db/client");
  const db = await getDb();
  // The route's own statement (rollups + edge hours), without authentication, DTOs or JSON.
  const floorFigures = await timed(() =>
    readBuckets(db, {
      versionIds: ["bench-v2"],
      names: NAMES,
      environment: "production",
      fromMs: Date.now() - 90 * DAY,
      toMs: Date.now(),
      bucket,
    }),
  );
  // The design before the rollups: bucketing every point.
  const scanFigures = await timed(() =>
    connection.runner.query(
      `SELECT date_bin(make_interval(secs => $1::int), ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, name,
              avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, count(*)::int AS count
         FROM metric_points
        WHERE "versionId" = ANY($2::text[]) AND name = ANY($3::text[]) AND environment = 'production'
          AND ts >= $4::timestamptz AND ts < $5::timestamptz
        GROUP BY 1, 2`,
      [bucket, ["bench-v2"], NAMES, new Date(Date.now() - 90 * DAY).toISOString(), new Date(Date.now()).toISOString()],
    ),
  );
  await closeDatabase();
  if (kind === "postgres") await dropPostgresSchema(PG_URL, SCHEMA);
  return {
    database: kind === "postgres" ? "PostgreSQL" : "PGlite",
    seedSeconds,
    route: routeFigures,
    floor: floorFigures,
    scan: scanFigures,
    buckets,
    bucketSeconds,
    bytes,
  };
}

async function main(): Promise<void> {
  const rows: TRow[] = [];
  for (const d of DATABASES) {
    if (d !== "pglite" && d !== "postgres") throw new Error(`unknown database "${d}" in BENCH_DATABASES`);
    const row = await measure(d);
    if (row) rows.push(row);
  }
  const [load1, load5] = os.loadavg();
  const f = (n: number) => n.toFixed(1);
  console.log(
    `\n90-day latency chart over ${POINTS.toLocaleString("en")} points (3 series), ${CALLS} calls after ${WARMUP} warm-up calls;`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average ${load1!.toFixed(1)} (1 min) / ${load5!.toFixed(1)} (5 min) at the end of the run.`,
  );
  console.log(
    "| database | route p50 ms | route p95 ms | max ms | CPU ms/call | its SQL alone p50 / p95 ms | route / SQL (p50) | every point scanned p50 / p95 ms | buckets per series | bucket | answer | goal |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.database} | ${f(r.route.p50)} | ${f(r.route.p95)} | ${f(r.route.max)} | ${f(r.route.cpuPerCall)} | ${f(r.floor.p50)} / ${f(r.floor.p95)} | ${(r.route.p50 / r.floor.p50).toFixed(2)} | ${f(r.scan.p50)} / ${f(r.scan.p95)} | ${r.buckets} | ${r.bucketSeconds / 3600} h | ${(r.bytes / 1024).toFixed(0)} KiB | p95 < ${GOAL_MS} ms: ${r.route.p95 < GOAL_MS ? "met" : "MISSED"} |`,
    );
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
