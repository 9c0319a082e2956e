/**
 * Write-path benchmark (issue 13): `npx tsx bench/writes.bench.ts`, or `npm run bench -- writes`.
 * Needs a production build (`npm run build`; built here once when .next/BUILD_ID is missing, and a warning is
 * printed when sources are newer than the build).
 *
 * For each database — PostgreSQL (a fresh database BENCH_WRITES_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/modelgate_writes_bench, dropped and re-created every run) and PGlite (a fresh
 * data directory) — seed BENCH_MODELS mission-critical models (default 1,000) × 5 versions (bench/writes/seed-writes.ts),
 * start the real server (`node scripts/start.mjs`) and load it with autocannon over HTTP, each write after a warm-up
 * of BENCH_WARMUP s (default 2), at 4 and at 16 connections for BENCH_DURATION s (default 10):
 *   - MLflow registered-models/create (a new name each time) and model-versions/create (rotating over the models);
 *   - /api/v1 model registration (POST /models) and version registration (POST /models/{slug}/versions, with the
 *     metadata the INDUSTRIALIZATION gate asks for);
 *   - a promotion request (the data-science owner asks DESIGN → INDUSTRIALIZATION, POST /versions/{id}/transitions)
 *     then its approval (another data scientist, POST /transitions/{id}/decision: the mission-critical gate needs one
 *     DATA_SCIENTIST approval, and applies the transition on it). The approvals phase approves exactly the requests
 *     its request phase created, so it runs until they are all decided.
 * Figures: req/s, p50/p95/p99 (exact, 2xx only), refusals, server CPU per request (/proc utime + stime of the
 * server's process group), the audit chaining lag after each phase (GET /api/v1/audit/verify `pending` and
 * `oldestPendingAgeMs` when the server reports them, else "n/a"; then how long until nothing is pending), and SQL
 * statements and transactions per request, counted in this process by calling the same route handlers on the same
 * seed (bench/writes/count-statements.ts). Ratios to MLflow 2.11 (../shared/MLFLOW_COMPAT.md, 4 connections):
 * 210 registered-model creates/s, 121 version creates/s. The last line printed is `RESULT {json}`.
 * Env: BENCH_MODELS, BENCH_DURATION, BENCH_WARMUP, BENCH_DATABASES ("postgres,pglite"), BENCH_PORT (default 3420;
 * PGlite +1), BENCH_WRITES_DATABASE_URL.
 */
import { dropPostgresSchema, ensurePostgresSchema, load } from "./in-process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureBuild, startServer, type TServer } from "./registry/app-server";
import { countingAdapter, type TCounter } from "./writes/count-statements";
import { runPostLoad, type TPost, type TPostFigures } from "./writes/post-load";
import {
  APPROVER_TOKEN,
  GATE_METADATA,
  REQUESTER_TOKEN,
  seedWrites,
  VERSIONS_PER_MODEL,
  type TWritesSeed,
} from "./writes/seed-writes";

const MODELS = Number(process.env.BENCH_MODELS ?? 1_000);
const SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3420);
const PG_URL = process.env.BENCH_WRITES_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_writes_bench";
const DATABASES = (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",").map((d) => d.trim().toLowerCase());
const CONNECTIONS = [4, 16] as const;
const COUNTED_CALLS = 20;
const MLFLOW_211 = { mlflowModel: 210, mlflowVersion: 121 } as const;

type TConnection = import("../lib/db/connect").Connection;
type TKey = "mlflowModel" | "mlflowVersion" | "apiModel" | "apiVersion" | "promotionRequest" | "promotionApproval";
type TAudit = { ok: boolean; pending: number; oldestPendingAgeMs: number | null; drainedMs: number | null } | "n/a";
type TRow = {
  key: TKey;
  label: string;
  connections: number;
  connectionsUsed: number;
  count: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuMsPerRequest: number;
  audit: TAudit;
};
type TCounts = Partial<Record<TKey, { statements: number; transactions: number }>>;
type TDbResult = { database: string; rows: TRow[]; counts: TCounts };

const LABELS: Record<TKey, string> = {
  mlflowModel: "MLflow registered-models/create",
  mlflowVersion: "MLflow model-versions/create",
  apiModel: "POST /api/v1/models",
  apiVersion: "POST /api/v1/models/{m}/versions",
  promotionRequest: "promotion request (DS owner)",
  promotionApproval: "promotion approval (2nd DS)",
};

/** What every scenario sends next, and what it keeps from the answers: created versions become promotion candidates, requests wait for approval. */
function workload(seed: TWritesSeed, tag: string) {
  const candidates = [...seed.candidates];
  const pending: string[] = [];
  let n = 0;
  // Rotating over the models with a prime stride spreads concurrent writes over different models.
  const stride = seed.models % 7919 === 0 ? 7907 : 7919;
  // Each id is used once; should a queue run dry, the last id is sent again and answers 409: a refusal the report shows.
  const take = (queue: string[]) => {
    const last = { id: "" };
    return () => (last.id = queue.shift() ?? last.id);
  };
  const nextCandidate = take(candidates);
  const nextPending = take(pending);
  // A 2xx must also be the right answer: a request waiting for its approval, an approval that applied the transition.
  const wrong: string[] = [];
  const created = (into: string[], expected?: string) => (status: number, body: string) => {
    if (status < 200 || status >= 300) return;
    const answer = JSON.parse(body) as { id: string; status?: string };
    if (expected && answer.status !== expected) wrong.push(`expected ${expected}, got ${body.slice(0, 200)}`);
    into.push(answer.id);
  };
  const scenarios: Record<TKey, { next: () => TPost; onAnswer?: (status: number, body: string) => void }> = {
    mlflowModel: {
      next: () => ({
        path: "/api/2.0/mlflow/registered-models/create",
        token: REQUESTER_TOKEN,
        body: { name: `wb mlflow ${tag} ${n++}` },
      }),
    },
    mlflowVersion: {
      next: () => ({
        path: "/api/2.0/mlflow/model-versions/create",
        token: REQUESTER_TOKEN,
        body: { name: seed.slugs[(n++ * stride) % seed.models], source: `s3://bench/mlflow/${tag}/${n}` },
      }),
    },
    apiModel: {
      next: () => ({
        path: "/api/v1/models",
        token: REQUESTER_TOKEN,
        body: {
          slug: `wb-api-${tag}-${n++}`,
          title: "Write bench API model",
          problemType: "CLASSIFICATION",
          criticality: "MISSION_CRITICAL",
        },
      }),
    },
    apiVersion: {
      next: () => ({
        path: `/api/v1/models/${seed.slugs[(n++ * stride) % seed.models]}/versions`,
        token: REQUESTER_TOKEN,
        body: { artifactUri: `s3://bench/api/${tag}/${n}/model`, ...GATE_METADATA },
      }),
      onAnswer: created(candidates),
    },
    promotionRequest: {
      next: () => ({
        path: `/api/v1/versions/${nextCandidate()}/transitions`,
        token: REQUESTER_TOKEN,
        body: { toStage: "INDUSTRIALIZATION", justification: "bench" },
      }),
      onAnswer: created(pending, "PENDING"),
    },
    promotionApproval: {
      next: () => ({
        path: `/api/v1/transitions/${nextPending()}/decision`,
        token: APPROVER_TOKEN,
        body: { decision: "APPROVE" },
      }),
      onAnswer: created([], "APPLIED"),
    },
  };
  return { scenarios, pendingCount: () => pending.length, wrong };
}

/** The audit chain right after a phase, then how long until nothing waits to be chained (when the server says). */
async function auditLag(server: TServer): Promise<TAudit> {
  const verify = async () => {
    const res = await fetch(`${server.url}/api/v1/audit/verify`, {
      headers: { authorization: `Bearer ${REQUESTER_TOKEN}` },
    });
    if (res.status !== 200) throw new Error(`GET /api/v1/audit/verify answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { ok: boolean; pending?: number; oldestPendingAgeMs?: number };
  };
  const t0 = performance.now();
  const first = await verify();
  if (typeof first.pending !== "number") return "n/a";
  let drainedMs: number | null = first.pending === 0 ? 0 : null;
  while (drainedMs === null && performance.now() - t0 < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await verify()).pending === 0) drainedMs = performance.now() - t0;
  }
  return { ok: first.ok, pending: first.pending, oldestPendingAgeMs: first.oldestPendingAgeMs ?? null, drainedMs };
}

async function loadServer(database: string, server: TServer, seed: TWritesSeed): Promise<TRow[]> {
  const { scenarios, pendingCount, wrong } = workload(seed, database === "PostgreSQL" ? "pg" : "pgl");
  const rows: TRow[] = [];
  const phase = async (key: TKey, asked: number, seconds: number, measured: boolean) => {
    const s = scenarios[key];
    const amount = key === "promotionApproval" ? pendingCount() : undefined;
    if (amount === 0)
      throw new Error(`${database}: no promotion request to approve (every request of the phase before was refused)`);
    // Fewer requests to approve than connections (a slow server): one connection per request.
    const connections = amount === undefined ? asked : Math.min(asked, amount);
    const cpu0 = server.cpuMs();
    const f: TPostFigures = await runPostLoad({
      url: server.url,
      connections,
      seconds,
      amount,
      next: s.next,
      onAnswer: s.onAnswer,
    });
    // Requests the server served: the answered ones and, in a timed phase, one still in flight per connection.
    const served = f.count + f.non2xx + f.timeouts + (amount === undefined ? connections : 0);
    const cpuMsPerRequest = (server.cpuMs() - cpu0) / served;
    if (f.refusals.length)
      console.log(`  ${LABELS[key]} × ${connections}: ${f.non2xx} refused, e.g. ${f.refusals.join(" | ")}`);
    if (wrong.length) throw new Error(`${database}: ${LABELS[key]}: ${wrong.length} wrong answers, e.g. ${wrong[0]}`);
    if (!measured) return;
    const audit = await auditLag(server);
    rows.push({
      key,
      label: LABELS[key],
      connections: asked,
      connectionsUsed: connections,
      count: f.count,
      rps: f.rps,
      p50: f.p50,
      p95: f.p95,
      p99: f.p99,
      non2xx: f.non2xx,
      errors: f.errors + f.timeouts,
      cpuMsPerRequest,
      audit,
    });
    console.log(
      `${database}: ${LABELS[key]} × ${connections} connections: ${f.count} answered, ${f.rps.toFixed(1)} req/s, p95 ${f.p95.toFixed(1)} ms`,
    );
  };
  for (const key of ["mlflowModel", "mlflowVersion", "apiModel", "apiVersion"] as const) {
    await phase(key, 4, WARMUP, false);
    for (const c of CONNECTIONS) await phase(key, c, SECONDS, true);
  }
  await phase("promotionRequest", 4, WARMUP, false);
  await phase("promotionApproval", 4, WARMUP, false);
  for (const c of CONNECTIONS) {
    await phase("promotionRequest", c, SECONDS, true);
    await phase("promotionApproval", c, SECONDS, true);
  }
  return rows;
}

/** Statements and transactions per request: the same route handlers, called in this process on a counting adapter. */
async function countStatements(kind: "postgres" | "pglite"): Promise<TCounts> {
  const schema = "writes_count";
  if (kind === "postgres" && !(await ensurePostgresSchema(PG_URL, schema))) return {};
  const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("../lib/db/migrate");
  const { createPrismaClient, installDatabase, closeDatabase } = load(
    "../lib/db/client",
  ) as typeof import("../lib/db/client");
  const connection: TConnection = await connect(kind === "postgres" ? { url: PG_URL, schema, poolSize: 10 } : {});
  await applyMigrations(connection.runner);
  const seed = await seedWrites(connection.runner, MODELS);
  const counter: TCounter = { statements: 0, transactions: 0, control: 0 };
  const adapter = countingAdapter(connection.adapter, counter);
  installDatabase({ prisma: createPrismaClient({ ...connection, adapter }), connection });
  type THandler = (req: Request, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
  const route = (file: string) => (load(file) as { POST: THandler }).POST;
  const handlers: [RegExp, THandler, (m: RegExpMatchArray) => Record<string, unknown>][] = [
    [
      /^\/api\/2\.0\/mlflow\/(.+)$/,
      route("../app/api/2.0/mlflow/[...path]/route"),
      (m) => ({ path: m[1]!.split("/") }),
    ],
    [/^\/api\/v1\/models$/, route("../app/api/v1/models/route"), () => ({})],
    [
      /^\/api\/v1\/models\/([^/]+)\/versions$/,
      route("../app/api/v1/models/[modelId]/versions/route"),
      (m) => ({ modelId: m[1] }),
    ],
    [
      /^\/api\/v1\/versions\/([^/]+)\/transitions$/,
      route("../app/api/v1/versions/[versionId]/transitions/route"),
      (m) => ({ versionId: m[1] }),
    ],
    [
      /^\/api\/v1\/transitions\/([^/]+)\/decision$/,
      route("../app/api/v1/transitions/[requestId]/decision/route"),
      (m) => ({ requestId: m[1] }),
    ],
  ];
  const send = async (p: TPost, onAnswer?: (status: number, body: string) => void) => {
    for (const [pattern, handler, params] of handlers) {
      const m = pattern.exec(p.path);
      if (!m) continue;
      const req = new Request(`http://localhost${p.path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${p.token}`, "content-type": "application/json" },
        body: JSON.stringify(p.body),
      });
      const res = await handler(req, { params: Promise.resolve(params(m)) });
      const text = await res.text();
      if (res.status < 200 || res.status >= 300)
        throw new Error(`in-process ${p.path} answered ${res.status}: ${text.slice(0, 300)}`);
      onAnswer?.(res.status, text);
      return;
    }
    throw new Error(`no handler for ${p.path}`);
  };
  const { scenarios, wrong } = workload(seed, "count");
  const counts: TCounts = {};
  for (const key of Object.keys(LABELS) as TKey[]) {
    const s = scenarios[key];
    // 3 warm-up calls (first-call caches), then COUNTED_CALLS counted ones; the approvals approve the requests made just before.
    for (let i = 0; i < 3; i++) await send(s.next(), s.onAnswer);
    Object.assign(counter, { statements: 0, transactions: 0, control: 0 });
    for (let i = 0; i < COUNTED_CALLS; i++) await send(s.next(), s.onAnswer);
    if (wrong.length) throw new Error(`in-process ${LABELS[key]}: ${wrong[0]}`);
    counts[key] = {
      statements: counter.statements / COUNTED_CALLS,
      transactions: counter.transactions / COUNTED_CALLS,
    };
  }
  await closeDatabase();
  if (kind === "postgres") await dropPostgresSchema(PG_URL, schema);
  return counts;
}

async function prepare(
  kind: "postgres" | "pglite",
  dataDir: string,
): Promise<{ seed: TWritesSeed; env: Record<string, string> }> {
  const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("../lib/db/migrate");
  if (kind === "postgres") {
    const maintenance = new URL(PG_URL);
    maintenance.pathname = "/postgres";
    const name = decodeURIComponent(new URL(PG_URL).pathname.slice(1)).replace(/"/g, '""');
    const admin = new pg.Client({ connectionString: maintenance.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  }
  // PGlite admits one process at a time: seed here, close, then hand the directory to the server.
  const connection = await connect(kind === "postgres" ? { url: PG_URL } : { dataDir });
  try {
    await applyMigrations(connection.runner);
    const t0 = performance.now();
    const seed = await seedWrites(connection.runner, MODELS);
    console.log(
      `${kind}: seeded ${MODELS} models × ${VERSIONS_PER_MODEL} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    return { seed, env: kind === "postgres" ? { DATABASE_URL: PG_URL } : { MODELGATE_DATA_DIR: dataDir } };
  } finally {
    await connection.close();
  }
}

async function benchDatabase(kind: "postgres" | "pglite", logDir: string): Promise<TDbResult | null> {
  if (kind === "postgres") {
    const probe = new pg.Client({ connectionString: PG_URL.replace(/\/[^/]*$/, "/postgres") });
    try {
      await probe.connect();
      await probe.end();
    } catch (err) {
      console.log(`PostgreSQL unreachable (${(err as Error).message}); skipping it.`);
      return null;
    }
  }
  const database = kind === "postgres" ? "PostgreSQL" : "PGlite";
  const { seed, env } = await prepare(kind, path.join(logDir, "pglite"));
  const server = await startServer({
    port: kind === "postgres" ? PORT : PORT + 1,
    env: { ...env, NEXTAUTH_SECRET: "writes-bench-secret-0123456789abcdef", MODELGATE_SEED: "none" },
    logPath: path.join(logDir, `server-${kind}.log`),
  });
  let rows: TRow[];
  try {
    rows = await loadServer(database, server, seed);
  } finally {
    await server.stop();
  }
  console.log(`${database}: counting statements in-process (${COUNTED_CALLS} calls per write)…`);
  return { database, rows, counts: await countStatements(kind) };
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : "–");
const auditText = (a: TAudit) =>
  a === "n/a"
    ? "n/a"
    : `${a.ok ? "" : "CHAIN BROKEN, "}${a.pending} pending, oldest ${a.oldestPendingAgeMs ?? "?"} ms, none after ${a.drainedMs === null ? "> 5 s" : `${a.drainedMs.toFixed(0)} ms`}`;

function printReport(results: TDbResult[], loads: { start: number[]; end: number[] }): void {
  console.log(
    `\nWrites over HTTP (production build, autocannon), ${MODELS} models × ${VERSIONS_PER_MODEL} versions seeded, ${SECONDS} s per phase after ${WARMUP} s of warm-up:`,
  );
  console.log(
    "| database | write | connections | answered | req/s | p50 ms | p95 ms | p99 ms | refused | server CPU ms/req | statements/req | transactions/req | audit chaining after the phase | vs MLflow 2.11 at 4 conns |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    for (const row of r.rows) {
      const count = r.counts[row.key];
      const theirs =
        row.key === "mlflowModel" || row.key === "apiModel"
          ? MLFLOW_211.mlflowModel
          : row.key === "mlflowVersion" || row.key === "apiVersion"
            ? MLFLOW_211.mlflowVersion
            : undefined;
      const ratio = theirs ? `${(row.rps / theirs).toFixed(2)}× (${theirs} req/s)` : "–";
      console.log(
        `| ${r.database} | ${row.label} | ${row.connections}${row.connectionsUsed !== row.connections ? ` (${row.connectionsUsed} used)` : ""} | ${row.count} | ${row.rps.toFixed(1)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${row.non2xx + row.errors} | ${ms(row.cpuMsPerRequest)} | ${count ? count.statements.toFixed(1) : "–"} | ${count ? count.transactions.toFixed(1) : "–"} | ${auditText(row.audit)} | ${ratio} |`,
      );
    }
  }
  console.log(
    "\nstatements/req: SQL statements per request (BEGIN/COMMIT excluded), counted in-process on the same seed through the same route handlers;",
  );
  console.log(
    "server CPU: user + system time of the server's process group (/proc) per request served. MLflow 2.11's figures were measured at 4 connections (the /api/v1 rows are compared with the matching MLflow create).",
  );
  const f = (l: number[]) => l.map((x) => x.toFixed(1)).join(" ");
  console.log(
    `load average (1/5/15 min): ${f(loads.start)} at the start, ${f(loads.end)} at the end; ${os.cpus().length} cores.`,
  );
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
  ensureBuild();
  const start = os.loadavg();
  console.log(
    `writes bench: ${MODELS} models × ${VERSIONS_PER_MODEL} versions; connections ${CONNECTIONS.join(", ")}; ${SECONDS} s per phase; Node ${process.version}; load average ${start.map((l) => l.toFixed(1)).join(" ")}`,
  );
  const logDir = mkdtempSync(path.join(os.tmpdir(), "modelgate-writes-bench-"));
  const results: TDbResult[] = [];
  const failures: string[] = [];
  for (const kind of ["postgres", "pglite"] as const) {
    if (!DATABASES.includes(kind)) continue;
    try {
      const r = await benchDatabase(kind, logDir);
      if (r) results.push(r);
    } catch (err) {
      failures.push(`${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  const loads = { start, end: os.loadavg() };
  if (results.length) printReport(results, loads);
  if (failures.length) {
    console.error(`${failures.join("\n")}\nserver logs kept in ${logDir}`);
    process.exitCode = 1;
  } else {
    rmSync(logDir, { recursive: true, force: true });
  }
  const databases = Object.fromEntries(
    results.map((r) => [r.database, { writes: r.rows.map((row) => ({ ...row, ...r.counts[row.key] })) }]),
  );
  console.log(
    `RESULT ${JSON.stringify({ models: MODELS, versionsPerModel: VERSIONS_PER_MODEL, seconds: SECONDS, loadAverage: loads, mlflow211: MLFLOW_211, databases })}`,
  );
}

main().catch((err: unknown) => {
  console.error(`writes bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
