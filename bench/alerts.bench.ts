/**
 * Alert-evaluation benchmark (issue 8): `npm run bench -- alerts`, or `npx tsx bench/alerts.bench.ts`.
 * Goal: evaluating alert rules on ingestion adds under 5 ms p95 to a 1,000-point metrics batch.
 *
 * In-process PGlite (in memory, the real migrations). One live version carrying the demo's four rules —
 * AUC < 0.75 over 24 h (retrain), dataset drift, p95 latency > 250 ms over 1 h, staleness 6 h — and 7 days of
 * history, so every window the rules read is full. Then ITERATIONS batches per arm through the ingest use
 * case (`ingestMetrics`, as the API calls it), each batch later in time than the last (the simulated clock
 * advances with the data, so windows slide as in production). The arms alternate batch by batch — with the
 * after-ingest hook, and with AFTER_METRICS_INGESTED emptied — so both see the same table sizes and machine
 * noise. The data stays healthy: the steady state, where evaluation reads and writes nothing new.
 * Two scenarios, each on a fresh database:
 * - "realistic" (the goal): quality metrics (auc, accuracy) hourly — they need labels — and operational
 *   metrics (latencies, error rate, requests) per minute, as model servers report them;
 * - "stress": every metric per minute, so the 24 h AUC window holds 1,440 points. Evaluation reads the raw
 *   points in a rule's window, so its cost grows with that count; reported, not judged.
 * Reports p50/p95 per arm, the p95 difference, and the hook's own time measured inside the transaction — as
 * wall time (what the goal is judged on) and as process CPU time: PGlite runs inside this process, so CPU time
 * counts the database work too while leaving out the time spent waiting for a core on a busy machine (the
 * load average is printed with the figures).
 * Issue 19: the live version also carries feature importances and the demo's fifth rule (importance-weighted drift
 * above 0.2), as the demo portfolio does. A third scenario, "windows", measures what issue 19 adds where it computes
 * something — sample-window ingestion (`ingestSamples`, 500 rows × 6 features, the demo's 5 rules): two live models
 * alike in all but one thing, the first with feature importances (read for each window, weighted score computed and
 * stored), the second without; windows alternate between them.
 * Env: BENCH_ITERATIONS (default 200), BENCH_WARMUP (default 20 per arm), BENCH_SCENARIOS (default
 * "realistic,stress,windows"), BENCH_WINDOW_ITERATIONS (default 60 per arm).
 */
import { createRequire } from "node:module";
import os from "node:os";

// lib/server modules import "server-only", which throws outside Next's server bundle. The integration tests
// alias it to an empty module (vitest.config.mts); here the same empty module goes into the require cache
// before any server module loads. (The react-server condition would do it too, but it also swaps React for
// its server build, which next/navigation — imported by the auth guard — cannot load.)
const localRequire = createRequire(__filename);
const serverOnly = localRequire.resolve("server-only");
localRequire.cache[serverOnly] = { id: serverOnly, filename: serverOnly, loaded: true, exports: {} } as NodeJS.Module;

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? "realistic,stress,windows").split(",").map((x) => x.trim()) as (
  TScenario | "windows"
)[];
const WINDOW_ITERATIONS = Number(process.env.BENCH_WINDOW_ITERATIONS ?? 60);
const GOAL_ADDED_P95_MS = 5;
const METRICS = [
  "auc",
  "accuracy",
  "latency_p50_ms",
  "latency_p95_ms",
  "latency_p99_ms",
  "error_rate",
  "requests",
] as const;
const HOURLY_IN_REALISTIC: readonly string[] = ["auc", "accuracy"];
const BATCH_POINTS = 1000;
const HISTORY_DAYS = 7;
const MINUTE = 60_000;

type TScenario = "realistic" | "stress";
type TPoint = { name: (typeof METRICS)[number]; value: number; ts: number };

/** The points measured at one minute: every metric, or in the realistic scenario quality metrics on the hour only. */
function pointsAt(scenario: TScenario, t: number, i: number): TPoint[] {
  const onTheHour = t % (60 * MINUTE) === 0;
  return METRICS.filter((name) => scenario === "stress" || onTheHour || !HOURLY_IN_REALISTIC.includes(name)).map(
    (name) => ({ name, value: valueOf(name, i), ts: t }),
  );
}

type TFigures = { p50: number; p95: number; mean: number; n: number };

function figures(samples: number[]): TFigures {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

/** A healthy value per metric, with a little deterministic wobble. */
function valueOf(name: (typeof METRICS)[number], i: number): number {
  const w = Math.sin(i / 37);
  switch (name) {
    case "auc":
      return 0.86 + 0.005 * w;
    case "accuracy":
      return 0.82 + 0.005 * w;
    case "latency_p50_ms":
      return 45 + 5 * w;
    case "latency_p95_ms":
      return 110 + 10 * w;
    case "latency_p99_ms":
      return 160 + 15 * w;
    case "error_rate":
      return 0.004 + 0.001 * w;
    case "requests":
      return 1200 + 100 * w;
  }
}

const BENCH_FEATURES = [
  { name: "income", type: "numeric" },
  { name: "debt_to_income", type: "numeric" },
  { name: "credit_history_months", type: "numeric" },
  { name: "open_accounts", type: "numeric" },
  { name: "employment_type", type: "categorical", categories: ["salaried", "self_employed", "retired", "student"] },
  { name: "region", type: "categorical", categories: ["north", "south", "east", "west"] },
];
const BENCH_IMPORTANCE = {
  income: 0.312,
  debt_to_income: 0.268,
  credit_history_months: 0.171,
  region: 0.109,
  open_accounts: 0.086,
  employment_type: 0.054,
};
const ISSUE_19_RULES = [
  {
    name: "Importance-weighted drift above 0.2",
    kind: "WEIGHTED_DRIFT" as const,
    config: { value: 0.2 },
    severity: "WARNING" as const,
    retrain: false,
  },
];

type TResult = {
  a: TFigures;
  b: TFigures;
  h: TFigures;
  hCpu: TFigures;
  aCpu: TFigures;
  bCpu: TFigures;
  select1: TFigures;
  select1Cpu: TFigures;
};

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function runScenario(scenario: TScenario): Promise<TResult> {
  const { connect } = await import("../lib/db/connect");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { createPrismaClient, installDatabase } = await import("../lib/db/client");
  const { insertMetricPoints } = await import("../lib/server/monitoring/insert-metric-points");
  const { ingestMetrics } = await import("../lib/server/monitoring/ingest-metrics");
  const { AFTER_METRICS_INGESTED } = await import("../lib/server/monitoring/after-ingest-hooks");

  const connection = await connect({ dataDir: "memory://" });
  await applyMigrations(connection.runner);
  const prisma = createPrismaClient(connection);
  installDatabase({ prisma, connection });

  // ── the scenario ──
  const start = Date.UTC(2026, 10, 16, 0, 0, 0);
  const historyEnd = start + HISTORY_DAYS * 24 * 60 * MINUTE;
  const team = await prisma.team.create({ data: { slug: "bench", name: "Bench" } });
  const user = await prisma.user.create({
    data: { email: "it@bench.local", name: "IT", roles: ["IT_OPS"], teamId: team.id },
  });
  const model = await prisma.model.create({
    data: {
      slug: "bench-model",
      title: "Bench",
      problemType: "CLASSIFICATION",
      criticality: "MISSION_CRITICAL",
      teamId: team.id,
      dsOwnerId: user.id,
      itOwnerId: user.id,
      versionCounter: 1,
    },
  });
  const version = await prisma.modelVersion.create({
    data: {
      modelId: model.id,
      number: 1,
      stage: "MONITORING",
      artifactUri: "s3://bench/v1",
      featureSchema: BENCH_FEATURES,
    },
  });
  await prisma.featureImportance.create({
    data: { versionId: version.id, method: "shap_mean_abs", values: BENCH_IMPORTANCE },
  });
  const env = await prisma.environment.create({ data: { name: "production", isProduction: true } });
  await prisma.deployment.create({
    data: {
      modelId: model.id,
      versionId: version.id,
      environmentId: env.id,
      deployedAt: new Date(start - 24 * 60 * MINUTE),
    },
  });
  const rules = [
    {
      name: "AUC below 0.75 over 24 h",
      kind: "METRIC_THRESHOLD" as const,
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
      severity: "CRITICAL" as const,
      retrain: true,
    },
    {
      name: "Dataset drift",
      kind: "DATASET_DRIFT" as const,
      config: { share: 0.5 },
      severity: "WARNING" as const,
      retrain: true,
    },
    {
      name: "p95 latency above 250 ms",
      kind: "LATENCY" as const,
      config: { metric: "latency_p95_ms", op: ">", value: 250, windowHours: 1 },
      severity: "WARNING" as const,
      retrain: false,
    },
    {
      name: "No data for 6 hours",
      kind: "STALENESS" as const,
      config: { hours: 6 },
      severity: "WARNING" as const,
      retrain: false,
    },
    ...ISSUE_19_RULES,
  ];
  for (const r of rules) await prisma.alertRule.create({ data: { modelId: model.id, ...r } });
  const history = [];
  for (let t = start, i = 0; t < historyEnd; t += MINUTE, i++) {
    for (const p of pointsAt(scenario, t, i))
      history.push({
        versionId: version.id,
        environment: "production",
        name: p.name,
        value: p.value,
        ts: new Date(p.ts),
      });
  }
  for (let i = 0; i < history.length; i += 20_000) await insertMetricPoints(prisma, history.slice(i, i + 20_000));
  await connection.runner.exec("ANALYZE");
  console.log(
    `\n${scenario}: 1 live version, ${rules.length} rules, ${history.length.toLocaleString("en")} points of history; ${ITERATIONS} batches of ${BATCH_POINTS} points per arm (+${WARMUP} warm-up)`,
  );

  // Calibration: one bare statement through Prisma, to scale the figures on a busy machine.
  const select1: number[] = [];
  const select1Cpu: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await prisma.$queryRaw`SELECT 1`;
    select1Cpu.push(cpuMs(c0));
    select1.push(performance.now() - t0);
  }

  // ── the runs ──
  const actor = {
    kind: "user" as const,
    userId: user.id,
    email: user.email,
    name: user.name,
    roles: ["IT_OPS" as const],
    teamId: team.id,
  };
  const hooks = AFTER_METRICS_INGESTED.splice(0);
  const hookSamples: number[] = [];
  const hookCpu: number[] = [];
  const timedHooks = hooks.map((hook) => async (...args: Parameters<typeof hook>) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await hook(...args);
    hookCpu.push(cpuMs(c0));
    hookSamples.push(performance.now() - t0);
  });
  // The next BATCH_POINTS points in time order; the clock reads the last point's time.
  let clock = historyEnd;
  let minuteIndex = (historyEnd - start) / MINUTE;
  const nextBatch = () => {
    const points: { name: string; value: number; timestamp: string; environment: string }[] = [];
    while (points.length < BATCH_POINTS) {
      for (const p of pointsAt(scenario, clock, minuteIndex))
        if (points.length < BATCH_POINTS)
          points.push({
            name: p.name,
            value: p.value,
            timestamp: new Date(p.ts).toISOString(),
            environment: "production",
          });
      clock += MINUTE;
      minuteIndex++;
    }
    return { points, now: new Date(clock - MINUTE) };
  };
  const withHook: number[] = [];
  const without: number[] = [];
  const withCpu: number[] = [];
  const withoutCpu: number[] = [];
  for (let i = 0; i < 2 * (ITERATIONS + WARMUP); i++) {
    const hooked = i % 2 === 0;
    AFTER_METRICS_INGESTED.splice(0, AFTER_METRICS_INGESTED.length, ...(hooked ? timedHooks : []));
    const { points, now } = nextBatch();
    const before = hookSamples.length;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await ingestMetrics({ actor, versionId: version.id, input: { points }, idempotency: null, now });
    const ms = performance.now() - t0;
    const cpu = cpuMs(c0);
    if (r.body.accepted !== BATCH_POINTS) throw new Error(`batch ${i} stored ${r.body.accepted} points`);
    if (hooked && hookSamples.length !== before + 1) throw new Error("the hook did not run");
    if (i < 2 * WARMUP) {
      if (hooked) {
        hookSamples.pop();
        hookCpu.pop();
      }
      continue;
    }
    (hooked ? withHook : without).push(ms);
    (hooked ? withCpu : withoutCpu).push(cpu);
  }
  AFTER_METRICS_INGESTED.splice(0, AFTER_METRICS_INGESTED.length, ...hooks);
  const alerts = await prisma.alert.count();
  if (alerts !== 0) throw new Error(`the steady state opened ${alerts} alerts; the scenario is not what it claims`);

  await prisma.$disconnect();
  await connection.close();
  return {
    a: figures(withHook),
    b: figures(without),
    h: figures(hookSamples),
    hCpu: figures(hookCpu),
    aCpu: figures(withCpu),
    bCpu: figures(withoutCpu),
    select1: figures(select1),
    select1Cpu: figures(select1Cpu),
  };
}

/** Rows of a stable window for BENCH_FEATURES (deterministic, no drift). */
function windowRows(n: number, seed: number) {
  const cat = (xs: string[], i: number) => xs[(i * 7 + seed) % xs.length]!;
  return {
    income: Array.from({ length: n }, (_, i) => 20_000 + ((i * 7919 + seed * 31) % 80_000)),
    debt_to_income: Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 100) / 50),
    credit_history_months: Array.from({ length: n }, (_, i) => (i * 13 + seed) % 400),
    open_accounts: Array.from({ length: n }, (_, i) => (i * 3 + seed) % 30),
    employment_type: Array.from({ length: n }, (_, i) => cat(["salaried", "self_employed", "retired", "student"], i)),
    region: Array.from({ length: n }, (_, i) => cat(["north", "south", "east", "west"], i + 1)),
  };
}

type TWindowResult = { a: TFigures; b: TFigures; aCpu: TFigures; bCpu: TFigures };

/** Window ingestion with importances (arm a) and without (arm b), alternating window by window. */
async function runWindowScenario(): Promise<TWindowResult> {
  const { connect } = await import("../lib/db/connect");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { createPrismaClient, installDatabase } = await import("../lib/db/client");
  const { ingestSamples } = await import("../lib/server/monitoring/ingest-samples");
  const { registerReference } = await import("../lib/server/monitoring/register-reference");
  const connection = await connect({ dataDir: "memory://" });
  await applyMigrations(connection.runner);
  const prisma = createPrismaClient(connection);
  installDatabase({ prisma, connection });
  const team = await prisma.team.create({ data: { slug: "bench", name: "Bench" } });
  const user = await prisma.user.create({
    data: { email: "it@bench.local", name: "IT", roles: ["IT_OPS"], teamId: team.id },
  });
  const env = await prisma.environment.create({ data: { name: "production", isProduction: true } });
  const actor = {
    kind: "user" as const,
    userId: user.id,
    email: user.email,
    name: user.name,
    roles: ["IT_OPS" as const],
    teamId: team.id,
  };
  const versions: string[] = [];
  for (const [i, withImportance] of [true, false].entries()) {
    const model = await prisma.model.create({
      data: {
        slug: `bench-${i}`,
        title: "Bench",
        problemType: "CLASSIFICATION",
        criticality: "MISSION_CRITICAL",
        teamId: team.id,
        dsOwnerId: user.id,
        itOwnerId: user.id,
        versionCounter: 1,
      },
    });
    const version = await prisma.modelVersion.create({
      data: {
        modelId: model.id,
        number: 1,
        stage: "MONITORING",
        artifactUri: "s3://bench/v1",
        featureSchema: BENCH_FEATURES,
      },
    });
    if (withImportance)
      await prisma.featureImportance.create({
        data: { versionId: version.id, method: "shap_mean_abs", values: BENCH_IMPORTANCE },
      });
    await prisma.deployment.create({ data: { modelId: model.id, versionId: version.id, environmentId: env.id } });
    for (const r of [
      {
        name: "Dataset drift",
        kind: "DATASET_DRIFT" as const,
        config: { share: 0.5 },
        severity: "WARNING" as const,
        retrain: true,
      },
      {
        name: "No data for 6 hours",
        kind: "STALENESS" as const,
        config: { hours: 6 },
        severity: "WARNING" as const,
        retrain: false,
      },
      ...ISSUE_19_RULES,
    ])
      await prisma.alertRule.create({ data: { modelId: model.id, ...r } });
    await registerReference({
      actor,
      versionId: version.id,
      input: { format: "json", body: { columns: windowRows(2000, 0) } },
      idempotency: null,
    });
    versions.push(version.id);
  }
  console.log(
    `\nwindows: 2 live models (with / without importances), ${WINDOW_ITERATIONS} windows of 500 rows per arm (+${Math.min(WARMUP, 10)} warm-up)`,
  );
  const samples: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  const warm = Math.min(WARMUP, 10);
  for (let i = 0; i < 2 * (WINDOW_ITERATIONS + warm); i++) {
    const arm = i % 2;
    const body = { columns: windowRows(500, i + 1) };
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await ingestSamples({
      actor,
      versionId: versions[arm]!,
      input: { format: "json", body },
      query: { environment: "production" },
      idempotency: null,
    });
    const ms = performance.now() - t0;
    const c = cpuMs(c0);
    if ((r.body.weightedDrift === null) !== (arm === 1))
      throw new Error(`window ${i}: weighted drift ${JSON.stringify(r.body.weightedDrift)} for arm ${arm}`);
    if (i < 2 * warm) continue;
    samples[arm]!.push(ms);
    cpu[arm]!.push(c);
  }
  await prisma.$disconnect();
  await connection.close();
  return { a: figures(samples[0]), b: figures(samples[1]), aCpu: figures(cpu[0]), bCpu: figures(cpu[1]) };
}

async function main(): Promise<void> {
  const results: [TScenario, TResult][] = [];
  let windows: TWindowResult | null = null;
  for (const scenario of SCENARIOS) {
    if (scenario === "windows") windows = await runWindowScenario();
    else results.push([scenario, await runScenario(scenario)]);
  }
  const f = (x: number) => x.toFixed(2);
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`\nload average (1 min) at the end: ${load} on ${os.cpus().length} cores`);
  console.log("\n| scenario | ingest 1,000 points | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const [scenario, r] of results) {
    console.log(
      `| ${scenario} | with alert evaluation | ${f(r.a.p50)} | ${f(r.a.p95)} | ${f(r.aCpu.p50)} | ${f(r.aCpu.p95)} |`,
    );
    console.log(
      `| ${scenario} | without (hook list emptied) | ${f(r.b.p50)} | ${f(r.b.p95)} | ${f(r.bCpu.p50)} | ${f(r.bCpu.p95)} |`,
    );
    console.log(
      `| ${scenario} | the hook alone, inside the transaction | ${f(r.h.p50)} | ${f(r.h.p95)} | ${f(r.hCpu.p50)} | ${f(r.hCpu.p95)} |`,
    );
    console.log(
      `| ${scenario} | calibration: one bare SELECT 1 through Prisma | ${f(r.select1.p50)} | ${f(r.select1.p95)} | ${f(r.select1Cpu.p50)} | ${f(r.select1Cpu.p95)} |`,
    );
  }
  console.log("");
  for (const [scenario, r] of results) {
    const verdict =
      scenario === "realistic"
        ? ` → goal < ${GOAL_ADDED_P95_MS} ms (hook wall p95): ${r.h.p95 < GOAL_ADDED_P95_MS ? "met" : "MISSED"}`
        : " (reported, not judged)";
    console.log(
      `${scenario}: hook p95 ${f(r.h.p95)} ms wall, ${f(r.hCpu.p95)} ms CPU; ingest p95 with − without ${f(r.a.p95 - r.b.p95)} ms; ratio at p95 ${(r.a.p95 / r.b.p95).toFixed(3)}${verdict}`,
    );
  }
  if (windows) {
    const w = windows;
    console.log(
      "\n| windows (issue 19) | ingest a 500-row window | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms |",
    );
    console.log("|---|---|---:|---:|---:|---:|");
    console.log(
      `| windows | with importances (weighted score) | ${f(w.a.p50)} | ${f(w.a.p95)} | ${f(w.aCpu.p50)} | ${f(w.aCpu.p95)} |`,
    );
    console.log(
      `| windows | without importances | ${f(w.b.p50)} | ${f(w.b.p95)} | ${f(w.bCpu.p50)} | ${f(w.bCpu.p95)} |`,
    );
    console.log(
      `windows: with / without importances, p50 ratio ${(w.a.p50 / w.b.p50).toFixed(3)}, CPU p50 ratio ${(w.aCpu.p50 / w.bCpu.p50).toFixed(3)} → goal < 1.05: ${w.aCpu.p50 / w.bCpu.p50 < 1.05 ? "met" : "MISSED"}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
