/**
 * Does PGlite gain from monthly metric_points partitions? (issue 18) `npx tsx bench/metric-partitions.bench.ts`.
 *
 * Two in-memory PGlite databases with the real migrations: one keeps the single table, the other goes through the
 * PostgreSQL start-up step (lib/db/metric-partitions.ts). Each gets a year of hourly points for BENCH_VERSIONS live
 * versions (default 20) × 2 metrics, written in batches of 10,000 rows (the insert routes every row to its month),
 * then the chart's raw-point read of one version over 90 and 7 days, BENCH_READS times each (default 40), interleaved
 * layout by layout. Prints the figures and `RESULT {json}` last.
 */
import os from "node:os";
import { connect } from "../lib/db/connect";
import { ensureMetricPartitions } from "../lib/db/metric-partitions";
import { applyMigrations } from "../lib/db/migrate";

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 20);
const READS = Number(process.env.BENCH_READS ?? 40);
const HOURS = 365 * 24;
const NOW = Date.UTC(2026, 11, 1);
const START = NOW - HOURS * 3_600_000;

type TRunner = Awaited<ReturnType<typeof connect>>["runner"];

async function seed(runner: TRunner): Promise<number> {
  await runner.query(`INSERT INTO teams (id, slug, name) VALUES ('t', 't', 'T')`);
  await runner.query(
    `INSERT INTO users (id, email, name, roles, "teamId", "updatedAt") VALUES ('u', 'u@x.local', 'U', '{DATA_SCIENTIST}', 't', now())`,
  );
  await runner.query(
    `INSERT INTO models (id, slug, title, "problemType", criticality, "teamId", "dsOwnerId", "updatedAt") SELECT 'm' || i, 'm' || i, 'M', 'CLASSIFICATION', 'INTERNAL', 't', 'u', now() FROM generate_series(0, ${VERSIONS - 1}) i`,
  );
  await runner.query(
    `INSERT INTO model_versions (id, "modelId", number, stage, "artifactUri", "createdById", "stageChangedAt", "updatedAt") SELECT 'v' || i, 'm' || i, 1, 'MONITORING', 's3://x', 'u', now(), now() FROM generate_series(0, ${VERSIONS - 1}) i`,
  );
  const t0 = performance.now();
  const total = VERSIONS * 2 * HOURS;
  for (let start = 0; start < total; start += 10_000) {
    const end = Math.min(total, start + 10_000) - 1;
    await runner.query(`
      INSERT INTO metric_points ("versionId", environment, name, value, ts)
      SELECT 'v' || (k / ${2 * HOURS}), 'production', CASE WHEN (k / ${HOURS}) % 2 = 0 THEN 'auc' ELSE 'latency' END, random(), timestamptz '${new Date(START).toISOString()}' + (k % ${HOURS}) * interval '1 hour'
      FROM generate_series(${start}, ${end}) k`);
  }
  await runner.query("ANALYZE");
  return performance.now() - t0;
}

const p = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((q / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  const layouts = [] as {
    name: "single" | "partitioned";
    runner: TRunner;
    close: () => Promise<void>;
    insertMs: number;
    reads: Record<string, number[]>;
  }[];
  for (const name of ["single", "partitioned"] as const) {
    const connection = await connect({});
    await applyMigrations(connection.runner);
    if (name === "partitioned") await ensureMetricPartitions(connection.runner, new Date(START));
    if (name === "partitioned")
      for (let m = START; m < NOW; m += 28 * 86_400_000) await ensureMetricPartitions(connection.runner, new Date(m));
    const insertMs = await seed(connection.runner);
    console.log(`${name}: ${VERSIONS * 2 * HOURS} points written in ${(insertMs / 1000).toFixed(1)} s`);
    layouts.push({
      name,
      runner: connection.runner,
      close: () => connection.close(),
      insertMs,
      reads: { d90: [], d7: [] },
    });
  }
  for (let i = 0; i < READS; i++) {
    for (const l of layouts) {
      for (const [key, days] of [
        ["d90", 90],
        ["d7", 7],
      ] as const) {
        const from = new Date(NOW - days * 86_400_000).toISOString();
        const t0 = performance.now();
        await l.runner.query(
          `SELECT date_bin(interval '1 hour', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, name, avg(value) FROM metric_points
           WHERE "versionId" = ANY($1::text[]) AND name = ANY($2::text[]) AND environment = 'production' AND ts >= $3::timestamptz AND ts < $4::timestamptz GROUP BY 1, 2`,
          [[`v${i % VERSIONS}`], ["auc", "latency"], from, new Date(NOW).toISOString()],
        );
        l.reads[key]!.push(performance.now() - t0);
      }
    }
  }
  const [load1, load5] = os.loadavg();
  console.log(
    `\nPGlite, ${VERSIONS} versions × 2 metrics × 1 year hourly; load average ${load1!.toFixed(1)} / ${load5!.toFixed(1)}`,
  );
  console.log("| layout | write all points s | 90-day read p50 / p95 ms | 7-day read p50 / p95 ms |");
  console.log("|---|---|---|---|");
  const result: Record<string, unknown> = {
    bench: "metric-partitions",
    points: VERSIONS * 2 * HOURS,
    load1: Math.round(load1! * 100) / 100,
  };
  for (const l of layouts) {
    console.log(
      `| ${l.name} | ${(l.insertMs / 1000).toFixed(1)} | ${p(l.reads.d90!, 50).toFixed(1)} / ${p(l.reads.d90!, 95).toFixed(1)} | ${p(l.reads.d7!, 50).toFixed(1)} / ${p(l.reads.d7!, 95).toFixed(1)} |`,
    );
    result[l.name] = {
      insert_s: Math.round(l.insertMs) / 1000,
      read90_p95_ms: Math.round(p(l.reads.d90!, 95) * 100) / 100,
      read7_p95_ms: Math.round(p(l.reads.d7!, 95) * 100) / 100,
    };
    await l.close();
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
