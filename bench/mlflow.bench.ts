/**
 * MLflow compatibility benchmark (issue 9): `npx tsx bench/mlflow.bench.ts`, or `npm run bench -- mlflow`.
 *
 * Seeds BENCH_MODELS registered models (default 1,000; 10,000 and 100,000 work) × 5 versions (deterministic, bulk
 * SQL with generate_series: names, tags, stages, aliases), then calls the MLflow catch-all handler in-process, exactly
 * as Next calls it (bearer token included):
 *   - GET registered-models/search?max_results=100, rotating over the tokens of EVERY page, walked once first (≥ 200 calls);
 *   - GET model-versions/get for rotating (name, version) pairs (≥ 200 calls);
 *   - GET model-versions/search?max_results=100 without a filter, rotating over the 50 pages of all 5,000 versions with
 *     the page tokens the server itself issued when paged through once (offset or keyset, whichever it issues);
 *   - the first page against the last page of both searches (BENCH_EDGE_CALLS each, default 150, interleaved);
 * p50/p95/p99 of each, and the number of SQL statements one search page costs for page sizes 10, 100 and
 * 1,000 (Prisma's `query` event), which must not grow with the page. Compared with MLflow 2.11's figures
 * on PostgreSQL from ../shared/MLFLOW_COMPAT.md (search p95 513 ms, get p95 12 ms).
 *
 * Databases: in-memory PGlite, and PostgreSQL at BENCH_MLFLOW_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/modelgate_mlflow_bench, created when missing; the bench works in its
 * own schema and drops it afterwards). BENCH_DATABASES="pglite,postgres" (default) chooses.
 * BENCH_CALLS (default 300) sets the calls per endpoint. The last line printed is `RESULT {json}`: the figures per
 * database ({"postgres": {...}, "pglite": {...}}), so a script can compare sizes and runs (issue 18).
 *
 * Over HTTP (BENCH_MLFLOW_HTTP=1; needs a production build of this tree, `npm run build`): a fresh PostgreSQL
 * database (BENCH_MLFLOW_HTTP_DATABASE_URL, default …/modelgate_mlflow_http), the real server on it
 * (`node scripts/start.mjs`, port BENCH_PORT, default 3395), the same seed, then autocannon with 4
 * connections for BENCH_DURATION seconds (default 15) per endpoint — MLflow's figure is 4 connections too.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { dropPostgresSchema, ensurePostgresSchema, load } from "./in-process";

const MODELS = Number(process.env.BENCH_MODELS ?? 1_000);
if (!Number.isSafeInteger(MODELS) || MODELS < 100 || MODELS % 100 !== 0)
  throw new Error(`BENCH_MODELS must be a multiple of 100 (whole pages), got ${process.env.BENCH_MODELS}`);
const VERSIONS = 5;
const CALLS = Math.max(200, Number(process.env.BENCH_CALLS ?? 300));
/** Calls timed on the first page and on the last one (issue 18: the last must cost what the first does). */
const EDGE_CALLS = Math.max(100, Number(process.env.BENCH_EDGE_CALLS ?? 150));
const WARMUP = 30;
const PAGE = 100;
const PG_URL = process.env.BENCH_MLFLOW_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_mlflow_bench";
const DATABASES = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").map((d) => d.trim());
const SCHEMA = "mlflow_bench";
const TOKEN = `mg_bench_${"7".repeat(40)}`;
const MLFLOW_211 = { searchP95: 513, searchP50: 360, getP95: 12, getP50: 9.1, versionsP50: 25 };
const GOALS = { searchP95: 25, getP95: 5 };
const AREAS = ["fraud", "churn", "credit", "pricing", "demand", "ranking", "claims", "intent"];
const STAGES = ["ARCHIVED", "ARCHIVED", "MONITORING", "UAT", "DESIGN"];
const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);

type TRunner = { query<T>(sql: string, params?: unknown[]): Promise<T[]> };
type TFigures = { count: number; p50: number; p95: number; p99: number; max: number; cpuPerCall: number };

/** Nearest-rank percentiles, plus this process's CPU time per call (load-independent; for PGlite it includes the database). */
function figures(latencies: number[], cpuMicros: number): TFigures {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
  return {
    count: s.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s[s.length - 1]!,
    cpuPerCall: cpuMicros / 1000 / s.length,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const modelName = (i: number) =>
  i % 2 === 0
    ? `Bench ${AREAS[i % AREAS.length]} model ${String(i).padStart(4, "0")}`
    : `bench-${AREAS[i % AREAS.length]}-${String(i).padStart(4, "0")}`;

/**
 * The seed in bulk SQL (generate_series), so BENCH_MODELS=100000 (500,000 versions) loads in about a minute; the same
 * rows as the per-row seed this replaced: names, tags, stages, metrics, timestamps and aliases derive from the index.
 */
async function seed(runner: TRunner): Promise<void> {
  await runner.query(`INSERT INTO teams (id, slug, name) VALUES ('bench-team', 'bench-team', 'Bench team')`);
  await runner.query(
    `INSERT INTO users (id, email, name, roles, "teamId", "updatedAt") VALUES ('bench-user', 'bench@modelgate.local', 'Bench', '{DATA_SCIENTIST,ADMIN}', 'bench-team', now())`,
  );
  await runner.query(
    `INSERT INTO api_tokens (id, name, prefix, "tokenHash", scopes, "userId") VALUES ('bench-token', 'bench', 'mg_ben', $1, '{read}', 'bench-user')`,
    [createHash("sha256").update(TOKEN).digest("hex")],
  );
  const areas = `(ARRAY[${AREAS.map((a) => `'${a}'`).join(", ")}])[i % ${AREAS.length} + 1]`;
  const name = `CASE WHEN i % 2 = 0 THEN 'Bench ' || ${areas} || ' model ' || lpad(i::text, 4, '0') ELSE 'bench-' || ${areas} || '-' || lpad(i::text, 4, '0') END`;
  const t = `(timestamptz '${iso(BASE)}' + i * interval '1 minute')`;
  await runner.query(`
    INSERT INTO models (id, slug, "mlflowName", title, description, "problemType", criticality, "teamId", "dsOwnerId", "versionCounter", "createdAt", "updatedAt")
    SELECT 'bench-m-' || i, CASE WHEN i % 2 = 0 THEN 'bench-slug-' || i ELSE ${name} END, CASE WHEN i % 2 = 0 THEN ${name} END, ${name}, 'Model ' || i,
           (CASE WHEN i % 3 = 0 THEN 'REGRESSION' ELSE 'CLASSIFICATION' END)::"ProblemType", (CASE WHEN i % 4 = 0 THEN 'MISSION_CRITICAL' ELSE 'INTERNAL' END)::"Criticality",
           'bench-team', 'bench-user', ${VERSIONS}, ${t}, ${t} + ${VERSIONS} * interval '1 second'
    FROM generate_series(0, ${MODELS - 1}) AS i`);
  await runner.query(`
    INSERT INTO mlflow_model_tags ("modelId", key, value)
    SELECT 'bench-m-' || i, 'team', ${areas} FROM generate_series(0, ${MODELS - 1}) AS i
    UNION ALL SELECT 'bench-m-' || i, 'purpose', CASE WHEN i % 2 = 1 THEN 'batch' ELSE 'online' END FROM generate_series(0, ${MODELS - 1}) AS i`);
  await runner.query(`
    INSERT INTO model_versions (id, "modelId", number, stage, "artifactUri", framework, metrics, "createdById", "stageChangedAt", "createdAt", "updatedAt")
    SELECT 'bench-v-' || i || '-' || n, 'bench-m-' || i, n, (ARRAY[${STAGES.map((x) => `'${x}'`).join(", ")}])[n]::"Stage", 's3://bench/' || i || '/' || n || '/model', 'xgboost 2.0',
           jsonb_build_object('auc', 0.7 + ((i * 7 + n) % 25) / 100.0), 'bench-user', ${t} + n * interval '1 second', ${t} + n * interval '1 second', ${t} + n * interval '1 second'
    FROM generate_series(0, ${MODELS - 1}) AS i, generate_series(1, ${VERSIONS}) AS n`);
  await runner.query(`
    INSERT INTO mlflow_version_tags ("versionId", key, value)
    SELECT 'bench-v-' || i || '-' || n, 'validated', CASE WHEN n % 2 = 1 THEN 'yes' ELSE 'no' END FROM generate_series(0, ${MODELS - 1}) AS i, generate_series(1, ${VERSIONS}) AS n`);
  await runner.query(
    `INSERT INTO model_aliases ("modelId", alias, "versionId") SELECT 'bench-m-' || i, 'challenger', 'bench-v-' || i || '-4' FROM generate_series(0, ${MODELS - 1}) AS i WHERE i % 3 = 0`,
  );
  await runner.query("ANALYZE");
}

type TEdges = { first: TFigures; last: TFigures };
type TRow = {
  database: string;
  kind: "pglite" | "postgres";
  seedSeconds: number;
  searchEdges: TEdges;
  versionEdges: TEdges;
  search: TFigures;
  get: TFigures;
  versions: TFigures;
  versionStatements: number;
  statements: { pageSize: number; total: number; registry: number; rows: number }[];
};

async function measure(kind: "pglite" | "postgres"): Promise<TRow | null> {
  if (kind === "postgres" && !(await ensurePostgresSchema(PG_URL, SCHEMA))) return null;
  const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("../lib/db/migrate");
  const { installDatabase, closeDatabase } = load("../lib/db/client") as typeof import("../lib/db/client");
  const { PrismaClient } = load("../generated/prisma/client") as typeof import("../generated/prisma/client");
  const { handleMlflowApi } = load(
    "../lib/server/mlflow/handle-mlflow-request",
  ) as typeof import("../lib/server/mlflow/handle-mlflow-request");
  const { searchRegisteredModels } = load(
    "../lib/server/mlflow/search-registered-models",
  ) as typeof import("../lib/server/mlflow/search-registered-models");

  const connection = await connect(kind === "postgres" ? { url: PG_URL, schema: SCHEMA, poolSize: 10 } : {});
  await applyMigrations(connection.runner);
  const started = performance.now();
  await seed(connection.runner);
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`${kind}: seeded ${MODELS} models × ${VERSIONS} versions in ${seedSeconds.toFixed(1)} s`);
  const prisma = new PrismaClient({ adapter: connection.adapter, log: [{ emit: "event", level: "query" }] });
  let statements = 0;
  prisma.$on("query", () => {
    statements++;
  });
  installDatabase({ prisma: prisma as unknown as Parameters<typeof installDatabase>[0]["prisma"], connection });

  const call = async (path: string, query: string) => {
    const req = new Request(`http://localhost/api/2.0/mlflow/${path}?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const res = await handleMlflowApi(req, { params: Promise.resolve({ path: path.split("/") }) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}?${query} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as {
      registered_models?: { latest_versions?: unknown[] }[];
      model_versions?: unknown[];
      next_page_token?: string;
      model_version?: { version: string };
    };
  };
  const getQuery = (i: number) => {
    const m = (i * 7919) % MODELS;
    return `name=${encodeURIComponent(modelName(m))}&version=${(i % VERSIONS) + 1}`;
  };

  // Correct answers first: a full page of 100 models, each with its latest versions (None, Staging, Production, Archived).
  const first = await call("registered-models/search", pageQuery(""));
  if (
    first.registered_models?.length !== PAGE ||
    first.registered_models.some((m) => m.latest_versions?.length !== 4) ||
    !first.next_page_token
  ) {
    throw new Error(`unexpected first page: ${JSON.stringify(first).slice(0, 300)}`);
  }
  if ((await call("model-versions/get", getQuery(3))).model_version?.version !== "4")
    throw new Error("model-versions/get returned the wrong version");

  // Every model and every version once, page by page, following the server's own tokens (issue 18: all pages, not
  // the first ten): the tokens are then reused, rotating over every page, for timing; the last one times the last page.
  const walkStarted = performance.now();
  const modelTokens = await pageTokens(
    (query) => call("registered-models/search", query),
    "registered_models",
    MODELS / PAGE,
  );
  const versionTokens = await pageTokens(
    (query) => call("model-versions/search", query),
    "model_versions",
    (MODELS * VERSIONS) / PAGE,
  );
  console.log(
    `${kind}: walked ${modelTokens.length} model pages and ${versionTokens.length} version pages in ${((performance.now() - walkStarted) / 1000).toFixed(1)} s`,
  );
  const searchQuery = (i: number) => pageQuery(modelTokens[(i * 7) % modelTokens.length]!);
  const versionsQuery = (i: number) => pageQuery(versionTokens[(i * 7) % versionTokens.length]!);

  for (let i = 0; i < WARMUP; i++) {
    await call("registered-models/search", searchQuery(i));
    await call("model-versions/get", getQuery(i));
    await call("model-versions/search", versionsQuery(i));
  }
  const timed = async (path: string, query: (i: number) => string) => {
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await call(path, query(i));
      latencies.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    return figures(latencies, cpu.user + cpu.system);
  };
  const search = await timed("registered-models/search", searchQuery);
  const get = await timed("model-versions/get", getQuery);
  const versions = await timed("model-versions/search", versionsQuery);
  // First page against last page, interleaved so machine load falls on both alike.
  const edges = async (path: string, tokens: string[]) => {
    const firstMs: number[] = [];
    const lastMs: number[] = [];
    for (let i = 0; i < EDGE_CALLS; i++) {
      for (const [token, out] of [
        [tokens[0]!, firstMs],
        [tokens[tokens.length - 1]!, lastMs],
      ] as const) {
        const t0 = performance.now();
        await call(path, pageQuery(token));
        out.push(performance.now() - t0);
      }
    }
    return { first: figures(firstMs, 0), last: figures(lastMs, 0) };
  };
  const searchEdges = await edges("registered-models/search", modelTokens);
  const versionEdges = await edges("model-versions/search", versionTokens);

  // Statements per page: the whole call through the handler (bearer-token authentication included), and the
  // search use case alone, for page sizes 10, 100 and 1,000.
  const actor = {
    kind: "user" as const,
    userId: "bench-user",
    email: "bench@modelgate.local",
    name: "Bench",
    roles: ["DATA_SCIENTIST" as const, "ADMIN" as const],
    teamId: "bench-team",
  };
  const counts: TRow["statements"] = [];
  for (const pageSize of [10, 100, 1000]) {
    statements = 0;
    const page = await call("registered-models/search", `max_results=${pageSize}`);
    const total = statements;
    statements = 0;
    await searchRegisteredModels({ actor, maxResults: pageSize, orderBy: [] });
    counts.push({ pageSize, total, registry: statements, rows: page.registered_models?.length ?? 0 });
  }
  statements = 0;
  await call("model-versions/search", versionsQuery(25));
  const versionStatements = statements;
  await closeDatabase();
  if (kind === "postgres") await dropPostgresSchema(PG_URL, SCHEMA);
  return {
    database: kind === "postgres" ? "PostgreSQL" : "PGlite",
    kind,
    seedSeconds,
    search,
    get,
    versions,
    searchEdges,
    versionEdges,
    versionStatements,
    statements: counts,
  };
}

const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const pageQuery = (token: string) => `max_results=${PAGE}${token ? `&page_token=${encodeURIComponent(token)}` : ""}`;

/** The page tokens of a search ("" for the first page), checking every page holds 100 rows and the count of pages. */
async function pageTokens(
  search: (query: string) => Promise<Record<string, unknown> & { next_page_token?: string }>,
  list: string,
  expectedPages: number,
): Promise<string[]> {
  const tokens = [""];
  for (;;) {
    const page = await search(pageQuery(tokens[tokens.length - 1]!));
    const rows = (page[list] as unknown[] | undefined)?.length ?? 0;
    if (rows !== PAGE) throw new Error(`${list} page ${tokens.length} held ${rows} rows, expected ${PAGE}`);
    if (!page.next_page_token) break;
    tokens.push(page.next_page_token);
  }
  if (tokens.length !== expectedPages) throw new Error(`${list}: ${tokens.length} pages, expected ${expectedPages}`);
  return tokens;
}

type THttpRow = { endpoint: string; p50: number; p95: number; p99: number; rps: number; count: number };

/** The real server on a fresh PostgreSQL database, loaded with 4 connections per endpoint. */
async function measureHttp(): Promise<THttpRow[]> {
  const url =
    process.env.BENCH_MLFLOW_HTTP_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_mlflow_http";
  const port = Number(process.env.BENCH_PORT ?? 3395);
  const seconds = Number(process.env.BENCH_DURATION ?? 15);
  const pg = load("pg") as typeof import("pg");
  const target = new URL(url);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const { ensureBuild, startServer } = load("./registry/app-server") as typeof import("./registry/app-server");
  const { runHttpLoad } = load("./registry/load") as typeof import("./registry/load");
  ensureBuild();
  const server = await startServer({
    port,
    env: {
      DATABASE_URL: url,
      MODELGATE_SEED: "none",
      MODELGATE_WORKERS: "off",
      NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
    },
    logPath: "/tmp/modelgate-mlflow-bench-server.log",
  });
  try {
    const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
    const connection = await connect({ url });
    await seed(connection.runner);
    await connection.close();
    const fetchPage = (path: string) => async (query: string) => {
      const res = await fetch(`${server.url}/api/2.0/mlflow/${path}?${query}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      return (await res.json()) as Record<string, unknown> & { next_page_token?: string };
    };
    const modelTokens = await pageTokens(fetchPage("registered-models/search"), "registered_models", MODELS / PAGE);
    let i = 0;
    const searchPath = () =>
      `/api/2.0/mlflow/registered-models/search?${pageQuery(modelTokens[(i++ * 7) % modelTokens.length]!)}`;
    let j = 0;
    const getPath = () => {
      const k = j++;
      return `/api/2.0/mlflow/model-versions/get?name=${encodeURIComponent(modelName((k * 7919) % MODELS))}&version=${(k % VERSIONS) + 1}`;
    };
    const check = await fetch(`${server.url}${searchPath()}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await check.json()) as { registered_models?: unknown[] };
    if (check.status !== 200 || body.registered_models?.length !== PAGE)
      throw new Error(`search over HTTP answered ${check.status}`);
    const versionTokens = await pageTokens(
      fetchPage("model-versions/search"),
      "model_versions",
      (MODELS * VERSIONS) / PAGE,
    );
    let k = 0;
    const versionsPath = () =>
      `/api/2.0/mlflow/model-versions/search?${pageQuery(versionTokens[(k++ * 7) % versionTokens.length]!)}`;
    const rows: THttpRow[] = [];
    for (const [endpoint, nextPath] of [
      ["registered-models/search (page of 100)", searchPath],
      ["model-versions/get", getPath],
      ["model-versions/search (no filter, page of 100)", versionsPath],
    ] as const) {
      await runHttpLoad({ url: server.url, token: TOKEN, connections: 4, seconds: 3, nextPath });
      const r = await runHttpLoad({ url: server.url, token: TOKEN, connections: 4, seconds, nextPath });
      if (r.non2xx || r.errors || r.timeouts)
        throw new Error(`${endpoint}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      rows.push({ endpoint, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, count: r.count });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rows: TRow[] = [];
  for (const d of DATABASES) {
    if (d !== "pglite" && d !== "postgres") throw new Error(`unknown database "${d}" in BENCH_DATABASES`);
    const row = await measure(d);
    if (row) rows.push(row);
  }
  const [load1, load5] = os.loadavg();
  console.log(
    `\nMLflow API, in-process through the catch-all handler (bearer token auth included), ${CALLS} calls each after ${WARMUP} warm-up calls;`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average ${load1!.toFixed(1)} (1 min) / ${load5!.toFixed(1)} (5 min) at the end of the run.`,
  );
  console.log("| database | endpoint | p50 ms | p95 ms | p99 ms | CPU ms/call | MLflow 2.11 p95 | p95 ratio | goal |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const ratio = (theirs: number, ours: number) =>
    ours <= theirs ? `${(theirs / ours).toFixed(1)}× faster` : `${(ours / theirs).toFixed(1)}× slower`;
  for (const r of rows) {
    console.log(
      `| ${r.database} | registered-models/search (page of ${PAGE}) | ${f(r.search.p50)} | ${f(r.search.p95)} | ${f(r.search.p99)} | ${f(r.search.cpuPerCall)} | ${MLFLOW_211.searchP95} | ${ratio(MLFLOW_211.searchP95, r.search.p95)} | p95 ≤ ${GOALS.searchP95} ms: ${r.search.p95 <= GOALS.searchP95 ? "met" : "MISSED"} |`,
    );
    console.log(
      `| ${r.database} | model-versions/get | ${f(r.get.p50)} | ${f(r.get.p95)} | ${f(r.get.p99)} | ${f(r.get.cpuPerCall)} | ${MLFLOW_211.getP95} | ${ratio(MLFLOW_211.getP95, r.get.p95)} | p95 ≤ ${GOALS.getP95} ms: ${r.get.p95 <= GOALS.getP95 ? "met" : "MISSED"} |`,
    );
    console.log(
      `| ${r.database} | model-versions/search (no filter, page of ${PAGE}) | ${f(r.versions.p50)} | ${f(r.versions.p95)} | ${f(r.versions.p99)} | ${f(r.versions.cpuPerCall)} | p50 ${MLFLOW_211.versionsP50} | p50 ${ratio(MLFLOW_211.versionsP50, r.versions.p50)} | p50 ≤ ${MLFLOW_211.versionsP50} ms: ${r.versions.p50 <= MLFLOW_211.versionsP50 ? "met" : "MISSED"} |`,
    );
  }
  console.log("\nSQL statements per registered-models/search call (Prisma query events):");
  console.log(
    "| database | max_results | models returned | statements per call (auth + search) | statements of the search itself |",
  );
  console.log("|---|---|---|---|---|");
  for (const r of rows)
    for (const s of r.statements)
      console.log(`| ${r.database} | ${s.pageSize} | ${s.rows} | ${s.total} | ${s.registry} |`);
  for (const r of rows)
    console.log(
      `${r.database}: model-versions/search (no filter, page of ${PAGE}): ${r.versionStatements} statements per call (auth + search).`,
    );
  if (process.env.BENCH_MLFLOW_HTTP === "1") {
    const http = await measureHttp();
    console.log(
      "\nOver HTTP: the production server on PostgreSQL, autocannon, 4 connections (MLflow 2.11: 4 workers, 4 connections):",
    );
    console.log("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | MLflow 2.11 |");
    console.log("|---|---|---|---|---|---|---|");
    for (const h of http) {
      const theirs = h.endpoint.startsWith("registered")
        ? `p50 ${MLFLOW_211.searchP50}, p95 ${MLFLOW_211.searchP95} ms, 5.5 req/s`
        : h.endpoint.startsWith("model-versions/search")
          ? `p50 ${MLFLOW_211.versionsP50} ms`
          : `p50 ${MLFLOW_211.getP50}, p95 ${MLFLOW_211.getP95} ms`;
      console.log(
        `| ${h.endpoint} | ${h.count} | ${h.rps.toFixed(1)} | ${f(h.p50)} | ${f(h.p95)} | ${f(h.p99)} | ${theirs} |`,
      );
    }
  }
  console.log(
    `\nFirst page against last page (${EDGE_CALLS} calls each, interleaved; ${MODELS / PAGE} model pages, ${(MODELS * VERSIONS) / PAGE} version pages of ${PAGE}):`,
  );
  console.log(
    "| database | search | first page p50 / p95 ms | last page p50 / p95 ms | last / first p95 | goal ≤ 1.2× |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    for (const [label, e] of [
      ["registered-models/search", r.searchEdges],
      ["model-versions/search", r.versionEdges],
    ] as const) {
      const ratio = e.last.p95 / e.first.p95;
      console.log(
        `| ${r.database} | ${label} | ${f(e.first.p50)} / ${f(e.first.p95)} | ${f(e.last.p50)} / ${f(e.last.p95)} | ${ratio.toFixed(2)}× | ${ratio <= 1.2 ? "met" : "MISSED"} |`,
      );
    }
  }
  const constant = rows.every((r) => new Set(r.statements.map((s) => s.total)).size === 1);
  console.log(`\nStatements per page ${constant ? "are constant" : "GROW"} with the page size.`);
  if (!constant) process.exitCode = 1;
  // The machine-readable figures, as the last line (issue 18): compare sizes (BENCH_MODELS) and runs with a script.
  const round = (n: number) => Math.round(n * 100) / 100;
  const result: Record<string, unknown> = {
    bench: "mlflow",
    models: MODELS,
    versions: MODELS * VERSIONS,
    page: PAGE,
    load1: round(load1!),
    load5: round(load5!),
  };
  for (const r of rows) {
    result[r.kind] = {
      seed_s: round(r.seedSeconds),
      search_p50_ms: round(r.search.p50),
      search_p95_ms: round(r.search.p95),
      search_first_page_p95_ms: round(r.searchEdges.first.p95),
      search_last_page_p95_ms: round(r.searchEdges.last.p95),
      search_last_over_first: round(r.searchEdges.last.p95 / r.searchEdges.first.p95),
      versions_p50_ms: round(r.versions.p50),
      versions_p95_ms: round(r.versions.p95),
      versions_first_page_p95_ms: round(r.versionEdges.first.p95),
      versions_last_page_p95_ms: round(r.versionEdges.last.p95),
      versions_last_over_first: round(r.versionEdges.last.p95 / r.versionEdges.first.p95),
      get_p95_ms: round(r.get.p95),
      statements_per_search: r.statements.find((x) => x.pageSize === PAGE)?.total ?? null,
    };
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
