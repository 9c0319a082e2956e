/**
 * Registry benchmark (issue 4): `npx tsx bench/registry.bench.ts`, or `npm run bench -- registry`.
 * Needs a production build (`npm run build`; built here once when .next/BUILD_ID is missing) and, for the
 * PostgreSQL half, a server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/modelgate_bench;
 * the database is created when missing and its public schema is dropped and rebuilt every run).
 *
 * For each database: seed BENCH_MODELS models (default 1,000; 10,000 and 100,000 work) × 10 versions, start the real
 * server (`node scripts/start.mjs`), check the answers, walk every page of GET /api/v1/models?limit=100 (sort=slug and
 * sort=-updatedAt) and time the first page against the last (issue 18), warm up, then load GET /api/v1/models?search=…
 * and GET /api/v1/versions/{id} with
 * autocannon (50 connections × BENCH_DURATION s, default 20), run the same endpoints' bare SQL as the
 * floor (50 loops, same duration) and time 50 sequential server renders of the /models page.
 * Goals: p95 < 25 ms on PostgreSQL for both endpoints; the /models page under 150 ms.
 * Env: BENCH_DURATION, BENCH_WARMUP (s, default 5), BENCH_PORT (default 3400; PGlite uses +1),
 * BENCH_DATABASES (default "postgres,pglite"), BENCH_EDGE_CALLS (first/last page calls, default 100), BENCH_PAGES_ONLY=1
 * (the paged list only, no autocannon load). The last line printed is `RESULT {json}` with the figures per database.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { connect, type Connection } from "../lib/db/connect";
import { applyMigrations } from "../lib/db/migrate";
import { ZListModelsResponse, ZVersion } from "../lib/schemas/models";
import { ensureBuild, startServer, type TServer } from "./registry/app-server";
import {
  getVersionFloor,
  LIST_STATEMENTS,
  listModelsFloor,
  VERSION_STATEMENTS,
  type TQuery,
} from "./registry/floor-sql";
import { runHttpLoad, runLoops, runSequential, summarize, type TFigures, type THttpFigures } from "./registry/load";
import { MODEL_COUNT, SEARCH_MATCHES, seedRegistry, VERSIONS_PER_MODEL, type TSeeded } from "./registry/seed-registry";

const SECONDS = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = 50;
const PAGE_LOADS = 50;
const SINGLE_SECONDS = Math.min(SECONDS, 10);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_bench";
const DATABASES = (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",").map((d) => d.trim().toLowerCase());
const GOAL_API_P95_MS = 25;
const GOAL_PAGE_MS = 150;

type TKind = "PostgreSQL" | "PGlite";
type TRow = {
  kind: TKind;
  target: string;
  http: TFigures & Partial<THttpFigures>;
  single?: TFigures;
  floor?: TFigures;
  floorStatements?: number;
  serverStatements?: number;
  serverCpuMs?: number;
};

/** Rotating targets: every request asks for another version / another search term, as real traffic would. */
function rotation<T>(items: T[], stride: number): () => T {
  let i = 0;
  return () => items[(i++ * stride) % items.length]!;
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/** Transactions committed in the bench database: with autocommit statements, one per SQL statement. */
async function committedTransactions(connection: Connection): Promise<number> {
  // An idle backend that flushed its counters less than a second ago publishes the rest 10 s later
  // (PGSTAT_IDLE_INTERVAL); wait that out, then read afresh.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await connection.runner.query("SELECT pg_stat_clear_snapshot()");
  const [row] = await connection.runner.query<{ n: string }>(
    "SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(row?.n ?? Number.NaN);
}

/** One real request of each kind, parsed with the response schemas: the load must measure correct answers. */
async function verifyAnswers(server: TServer, seeded: TSeeded, cookie: string): Promise<void> {
  const headers = { authorization: `Bearer ${seeded.token}` };
  const list = await fetch(`${server.url}/api/v1/models?search=${seeded.searchTerms[0]}`, { headers });
  if (list.status !== 200) throw new Error(`GET /api/v1/models answered ${list.status}: ${await list.text()}`);
  const items = ZListModelsResponse.parse(await list.json()).items;
  if (items.length !== SEARCH_MATCHES || items.some((m) => m.versionCount !== VERSIONS_PER_MODEL)) {
    throw new Error(
      `search "${seeded.searchTerms[0]}" found ${items.length} models, expected ${SEARCH_MATCHES} with ${VERSIONS_PER_MODEL} versions each`,
    );
  }
  const version = await fetch(`${server.url}/api/v1/versions/${seeded.versionIds[0]}`, { headers });
  if (version.status !== 200)
    throw new Error(`GET /api/v1/versions answered ${version.status}: ${await version.text()}`);
  ZVersion.parse(await version.json());
  const page = await fetch(`${server.url}/models`, { headers: { cookie }, redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200 || !html.includes(seeded.firstSlug))
    throw new Error(`GET /models answered ${page.status} without the first model (${seeded.firstSlug})`);
}

/** GET /api/v1/models?limit=100 in one sort order: every page walked once through nextCursor, then first against last page. */
type TPaged = { sort: string; pages: number; walk: TFigures; first: TFigures; last: TFigures };
const PAGE_SIZE = 100;
const EDGE_CALLS = Number(process.env.BENCH_EDGE_CALLS ?? 100);

async function measurePages(server: TServer, seeded: TSeeded, sort: string): Promise<TPaged> {
  const headers = { authorization: `Bearer ${seeded.token}` };
  const page = async (cursor: string | null) => {
    const res = await fetch(
      `${server.url}/api/v1/models?sort=${sort}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { headers },
    );
    if (res.status !== 200)
      throw new Error(`GET /api/v1/models?sort=${sort} answered ${res.status}: ${await res.text()}`);
    return ZListModelsResponse.parse(await res.json());
  };
  // The walk: every model exactly once, in pages of 100 (issue 18: keyset pages, so the last costs the first's price).
  const cursors: (string | null)[] = [null];
  const seen = new Set<string>();
  const walkMs: number[] = [];
  const walkStarted = performance.now();
  for (;;) {
    const t0 = performance.now();
    const body = await page(cursors[cursors.length - 1]!);
    walkMs.push(performance.now() - t0);
    for (const m of body.items) seen.add(m.id);
    if (!body.nextCursor) break;
    cursors.push(body.nextCursor);
  }
  if (seen.size !== MODEL_COUNT || cursors.length !== Math.ceil(MODEL_COUNT / PAGE_SIZE))
    throw new Error(`sort=${sort}: ${cursors.length} pages held ${seen.size} models, expected ${MODEL_COUNT}`);
  const walk = summarize(walkMs, (performance.now() - walkStarted) / 1000);
  const firstMs: number[] = [];
  const lastMs: number[] = [];
  for (let i = 0; i < EDGE_CALLS; i++) {
    for (const [cursor, out] of [
      [cursors[0]!, firstMs],
      [cursors[cursors.length - 1]!, lastMs],
    ] as const) {
      const t0 = performance.now();
      await page(cursor);
      out.push(performance.now() - t0);
    }
  }
  return { sort, pages: cursors.length, walk, first: summarize(firstMs, 0), last: summarize(lastMs, 0) };
}

type TFloors = { list: () => Promise<TFigures>; version: () => Promise<TFigures>; statements?: () => Promise<number> };

const paged: { kind: TKind; results: TPaged[] }[] = [];

async function measure(
  kind: TKind,
  server: TServer,
  seeded: TSeeded,
  cookie: string,
  floors: TFloors,
): Promise<TRow[]> {
  await verifyAnswers(server, seeded, cookie);
  console.log(
    `${kind}: paged list, every page of ${PAGE_SIZE} then first against last (${EDGE_CALLS} calls each, interleaved)…`,
  );
  paged.push({
    kind,
    results: [await measurePages(server, seeded, "slug"), await measurePages(server, seeded, "-updatedAt")],
  });
  if (process.env.BENCH_PAGES_ONLY === "1") return [];
  const loadPage = async () => {
    const res = await fetch(`${server.url}/models`, { headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /models answered ${res.status}`);
  };
  const targets = [
    {
      target: "GET /api/v1/models?search=…",
      nextPath: rotation(
        seeded.searchTerms.map((t) => `/api/v1/models?search=${t}`),
        7,
      ),
      floor: floors.list,
      floorStatements: LIST_STATEMENTS,
    },
    {
      target: "GET /api/v1/versions/{id}",
      nextPath: rotation(
        seeded.versionIds.map((id) => `/api/v1/versions/${id}`),
        7919,
      ),
      floor: floors.version,
      floorStatements: VERSION_STATEMENTS,
    },
  ];
  // autocannon stops with one request in flight per connection, which the server still serves (PGlite
  // may hold a long queue): one more request, answered last, marks the end of that backlog.
  const settle = async (nextPath: () => string) => {
    const res = await fetch(`${server.url}${nextPath()}`, { headers: { authorization: `Bearer ${seeded.token}` } });
    await res.arrayBuffer();
  };
  const http = async (
    label: string,
    nextPath: () => string,
    connections: number,
    seconds: number,
    isWarmUp = false,
  ) => {
    const figures = await runHttpLoad({ url: server.url, token: seeded.token, connections, seconds, nextPath });
    await settle(nextPath);
    // A wrong answer means the figures are not about the endpoint; dropped connections and timeouts are figures.
    if (figures.non2xx > 0 || (figures.count === 0 && !isWarmUp))
      throw new Error(`${kind} ${label}: ${figures.non2xx} non-2xx responses, ${figures.count} successful`);
    if (figures.errors + figures.timeouts > 0)
      console.log(
        `  ${figures.errors} connection errors, ${figures.timeouts} timeouts: ${figures.errorMessages.join("; ")}`,
      );
    return figures;
  };

  console.log(`${kind}: warming up (${WARMUP_SECONDS} s per endpoint, ${PAGE_LOADS / 5} page loads)…`);
  for (const t of targets) await http(t.target, t.nextPath, CONNECTIONS, WARMUP_SECONDS, true);
  await runSequential(PAGE_LOADS / 5, loadPage);

  const rows: TRow[] = [];
  let committed = await floors.statements?.();
  for (const t of targets) {
    console.log(`${kind}: ${t.target}, ${CONNECTIONS} connections × ${SECONDS} s…`);
    const cpuBefore = server.cpuMs();
    const figures = await http(t.target, t.nextPath, CONNECTIONS, SECONDS);
    // Requests the server served: the answered ones, those left in flight at the stop, and the settling one.
    const served = figures.count + figures.timeouts + CONNECTIONS + 1;
    const serverCpuMs = (server.cpuMs() - cpuBefore) / served;
    const after = await floors.statements?.();
    const serverStatements = committed !== undefined && after !== undefined ? (after - committed) / served : undefined;
    committed = after;
    rows.push({
      kind,
      target: t.target,
      http: figures,
      floorStatements: t.floorStatements,
      serverStatements,
      serverCpuMs,
    });
  }
  // The same endpoints without queueing: one connection shows the service time the 50 connections wait behind.
  for (const [i, t] of targets.entries()) {
    console.log(`${kind}: ${t.target}, 1 connection × ${SINGLE_SECONDS} s…`);
    rows[i]!.single = await http(t.target, t.nextPath, 1, SINGLE_SECONDS);
  }
  for (const [i, t] of targets.entries()) {
    console.log(`${kind}: floor for ${t.target} (bare SQL, ${CONNECTIONS} loops × ${SECONDS} s)…`);
    rows[i]!.floor = await t.floor();
  }
  console.log(`${kind}: ${PAGE_LOADS} sequential loads of /models…`);
  const cpuBefore = server.cpuMs();
  const page = await runSequential(PAGE_LOADS, loadPage);
  rows.push({
    kind,
    target: `GET /models page (${PAGE_LOADS} sequential)`,
    http: page,
    serverCpuMs: (server.cpuMs() - cpuBefore) / PAGE_LOADS,
  });
  return rows;
}

function floorRunners(query: TQuery, seeded: TSeeded) {
  const nextTerm = rotation(seeded.searchTerms, 7);
  const nextVersion = rotation(seeded.versionIds, 7919);
  return {
    list: () =>
      runLoops(CONNECTIONS, SECONDS, async () => {
        if ((await listModelsFloor(query, seeded.token, nextTerm())) !== SEARCH_MATCHES)
          throw new Error("floor: unexpected search result");
      }),
    version: () => runLoops(CONNECTIONS, SECONDS, () => getVersionFloor(query, seeded.token, nextVersion())),
  };
}

async function sessionCookie(userId: string, secret: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { uid: userId, sub: userId }, secret })}`;
}

async function benchPostgres(secret: string, logDir: string): Promise<TRow[]> {
  await ensurePostgresDatabase(PG_URL);
  // A pool of 50 for the floor: one connection per loop, so the floor never queues on the pool.
  const connection = await connect({ url: PG_URL, poolSize: CONNECTIONS });
  let server: TServer | undefined;
  try {
    await connection.runner.exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await applyMigrations(connection.runner);
    const t0 = performance.now();
    const seeded = await seedRegistry(connection.runner);
    const [pgVersion] = await connection.runner.query<{ version: string }>(
      "SELECT current_setting('server_version') AS version",
    );
    console.log(
      `PostgreSQL ${pgVersion?.version ?? "?"}: seeded ${MODEL_COUNT} models × ${VERSIONS_PER_MODEL} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    server = await startServer({
      port: PORT,
      env: { DATABASE_URL: PG_URL, NEXTAUTH_SECRET: secret, MODELGATE_SEED: "none" },
      logPath: path.join(logDir, "server-postgres.log"),
    });
    const query: TQuery = (sql, params) => connection.runner.query(sql, params);
    return await measure("PostgreSQL", server, seeded, await sessionCookie(seeded.adminId, secret), {
      ...floorRunners(query, seeded),
      statements: () => committedTransactions(connection),
    });
  } finally {
    await server?.stop();
    await connection.close();
  }
}

async function benchPglite(secret: string, logDir: string): Promise<TRow[]> {
  const dataDir = path.join(logDir, "pglite");
  let server: TServer | undefined;
  try {
    // PGlite admits one process at a time: seed and run the floor here, close, then hand the directory to the server.
    const connection = await connect({ dataDir });
    let seeded: TSeeded;
    let floors: { list: TFigures; version: TFigures };
    try {
      await applyMigrations(connection.runner);
      const t0 = performance.now();
      seeded = await seedRegistry(connection.runner);
      console.log(
        `PGlite: seeded ${MODEL_COUNT} models × ${VERSIONS_PER_MODEL} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const runners = floorRunners((sql, params) => connection.runner.query(sql, params), seeded);
      console.log(`PGlite: floors (bare SQL in this process, ${CONNECTIONS} loops × ${SECONDS} s each)…`);
      floors = { list: await runners.list(), version: await runners.version() };
    } finally {
      await connection.close();
    }
    server = await startServer({
      port: PORT + 1,
      env: { MODELGATE_DATA_DIR: dataDir, NEXTAUTH_SECRET: secret, MODELGATE_SEED: "none" },
      logPath: path.join(logDir, "server-pglite.log"),
    });
    const measured = floors;
    return await measure("PGlite", server, seeded, await sessionCookie(seeded.adminId, secret), {
      list: async () => measured.list,
      version: async () => measured.version,
    });
  } finally {
    await server?.stop();
  }
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "–" : v.toFixed(1));

function printReport(rows: TRow[]): void {
  const header = [
    "database",
    "target",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "err/timeout",
    "floor req/s",
    "floor p95",
    "p95/floor",
    "1-conn p50",
    "1-conn p95",
    "server CPU ms/req",
    "SQL/req (floor)",
  ];
  const lines = rows.map((r) => [
    r.kind,
    r.target,
    r.http.rps.toFixed(0),
    ms(r.http.p50),
    ms(r.http.p95),
    ms(r.http.p99),
    r.http.timeouts === undefined ? "–" : `${r.http.errors ?? 0}/${r.http.timeouts}`,
    r.floor ? r.floor.rps.toFixed(0) : "–",
    ms(r.floor?.p95),
    r.floor ? `${(r.http.p95 / r.floor.p95).toFixed(2)}×` : "–",
    ms(r.single?.p50),
    ms(r.single?.p95),
    ms(r.serverCpuMs),
    r.floorStatements === undefined
      ? "–"
      : `${r.serverStatements === undefined ? "n/a" : r.serverStatements.toFixed(2)} (${r.floorStatements})`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "─".repeat(w)).join("  ")}`);
  for (const line of lines) console.log(format(line));
  console.log(
    `\nfloor: the same SQL through pg (PostgreSQL) or in-process PGlite, ${CONNECTIONS} loops; 1-conn: the endpoint with one connection, ${SINGLE_SECONDS} s.`,
  );
  console.log(`server CPU ms/req: user + system time of the server's processes (/proc) per request served.`);
  console.log(
    `SQL/req: statements per request counted on the server (pg_stat_database commits), and (in brackets) the floor's.`,
  );

  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  for (const r of rows.filter((x) => x.kind === "PostgreSQL")) {
    if (r.target.startsWith("GET /models"))
      console.log(
        `goal: ${r.target} under ${GOAL_PAGE_MS} ms on PostgreSQL — p50 ${ms(r.http.p50)} ms, p95 ${ms(r.http.p95)} ms: ${verdict(r.http.p95 < GOAL_PAGE_MS)}`,
      );
    else
      console.log(
        `goal: ${r.target} p95 < ${GOAL_API_P95_MS} ms on PostgreSQL — ${ms(r.http.p95)} ms: ${verdict(r.http.p95 < GOAL_API_P95_MS)}`,
      );
  }
}

/** The paged-list figures, then `RESULT {json}` as the very last line (issue 18), per database. */
function printPaged(rows: TRow[]): void {
  console.log(
    `\nGET /api/v1/models?limit=${PAGE_SIZE}, one connection: every page once (walk), then the first and the last page, interleaved:`,
  );
  console.log(
    "| database | sort | pages | walk p50 / p95 ms | first page p95 ms | last page p95 ms | last / first | goal ≤ 1.2× |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const p of paged) {
    for (const r of p.results) {
      const ratio = r.last.p95 / r.first.p95;
      console.log(
        `| ${p.kind} | ${r.sort} | ${r.pages} | ${ms(r.walk.p50)} / ${ms(r.walk.p95)} | ${ms(r.first.p95)} | ${ms(r.last.p95)} | ${ratio.toFixed(2)}× | ${ratio <= 1.2 ? "met" : "MISSED"} |`,
      );
    }
  }
  const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? null : Math.round(n * 100) / 100);
  const [load1, load5] = os.loadavg();
  const result: Record<string, unknown> = {
    bench: "registry",
    models: MODEL_COUNT,
    versions: MODEL_COUNT * VERSIONS_PER_MODEL,
    load1: round(load1),
    load5: round(load5),
  };
  for (const kind of ["PostgreSQL", "PGlite"] as const) {
    const p = paged.find((x) => x.kind === kind);
    if (!p) continue;
    const figures: Record<string, unknown> = {};
    for (const r of p.results) {
      const key = r.sort.replace(/^-/, "desc_");
      figures[`list_${key}_pages`] = r.pages;
      figures[`list_${key}_walk_p95_ms`] = round(r.walk.p95);
      figures[`list_${key}_first_page_p95_ms`] = round(r.first.p95);
      figures[`list_${key}_last_page_p95_ms`] = round(r.last.p95);
      figures[`list_${key}_last_over_first`] = round(r.last.p95 / r.first.p95);
    }
    for (const r of rows.filter((x) => x.kind === kind)) {
      const key = r.target.startsWith("GET /api/v1/models")
        ? "search"
        : r.target.startsWith("GET /api/v1/versions")
          ? "version"
          : "models_page";
      figures[`${key}_p95_ms`] = round(r.http.p95);
    }
    result[kind === "PostgreSQL" ? "postgres" : "pglite"] = figures;
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
  ensureBuild();
  const cpu = os.cpus();
  console.log(
    `registry bench: ${MODEL_COUNT} models × ${VERSIONS_PER_MODEL} versions; ${CONNECTIONS} connections × ${SECONDS} s; Node ${process.version}; ${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}`,
  );
  // Other work on the machine lengthens every latency here; the load average says how much there was.
  const loadAverage = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(`load average at start: ${loadAverage()}`);
  const secret = randomBytes(24).toString("base64url");
  const logDir = mkdtempSync(path.join(os.tmpdir(), "modelgate-registry-bench-"));
  const rows: TRow[] = [];
  const failures: string[] = [];
  // One database breaking still leaves the other's figures printed.
  for (const [name, bench] of [
    ["postgres", benchPostgres],
    ["pglite", benchPglite],
  ] as const) {
    if (!DATABASES.includes(name)) continue;
    try {
      rows.push(...(await bench(secret, logDir)));
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  if (rows.length > 0) printReport(rows);
  console.log(`load average at end: ${loadAverage()}`);
  printPaged(rows);
  if (failures.length > 0) {
    // Keep the server logs when something broke; they say why.
    throw new Error(`${failures.join("\n")}\nserver logs kept in ${logDir}`);
  }
  rmSync(logDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(`registry bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
