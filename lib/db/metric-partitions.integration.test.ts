import { describe, expect, it } from "vitest";
import { createCast, createTestModel } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { insertMetricPoints } from "@/lib/server/monitoring/insert-metric-points";
import { runRetention } from "@/lib/server/jobs/retention";
import {
  DEFAULT_PARTITION,
  ensureMetricPartitions,
  isMetricPointsPartitioned,
  listMetricPartitions,
  METRIC_PARTITION_MONTHS_AHEAD,
  partitionNameOf,
} from "./metric-partitions";

/**
 * Monthly partitions of metric_points on PostgreSQL (issue 18). The test database went through the same start-up step
 * as openDatabase (lib/testing/test-db.ts); on PGlite the table stays a single one (measured: docs/ARCHITECTURE.md).
 */
const db = useTestDatabase();
const DAY = 86_400_000;
const onPostgres = !!process.env.TEST_DATABASE_URL;
const month = (y: number, m: number) => Date.UTC(y, m - 1, 1);

describe.runIf(!onPostgres)("metric_points on PGlite", () => {
  it("stays one plain table", async () => {
    expect(await isMetricPointsPartitioned(db.connection.runner)).toBe(false);
  });
});

describe.runIf(onPostgres)("metric_points partitions on PostgreSQL", () => {
  it("is partitioned at start-up, with this month and the next ones ready, and converting again is a no-op", async () => {
    expect(await isMetricPointsPartitioned(db.connection.runner)).toBe(true);
    const names = (await listMetricPartitions(db.connection.runner)).map((p) => p.name);
    const now = new Date();
    for (let k = 0; k <= METRIC_PARTITION_MONTHS_AHEAD; k++)
      expect(names).toContain(partitionNameOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1)));
    expect(await ensureMetricPartitions(db.connection.runner)).toEqual({ converted: false, created: [] });
  });

  it("routes points to their month, moves early ones out of the default partition, prunes a 90-day read to its months, and retention drops whole months", async () => {
    const cast = await createCast(db.prisma);
    const { versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    const v = versions[0]!.id;
    // Two points a month from January 2025 to June 2026, before any of those months has a partition.
    const points: { versionId: string; environment: string; name: string; value: number; ts: Date }[] = [];
    for (let m = 0; m < 18; m++) {
      for (const d of [3, 20])
        points.push({
          versionId: v,
          environment: "production",
          name: "auc",
          value: 0.8,
          ts: new Date(Date.UTC(2025, m, d, 12)),
        });
    }
    await db.prisma.$transaction((tx) => insertMetricPoints(tx, points), { timeout: 60_000 });
    const [inDefault] = await db.connection.runner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${DEFAULT_PARTITION}`,
    );
    expect(inDefault!.n).toBeGreaterThan(0);

    // The job as of January 2025: every month from then on gets its partition, and its rows move out of the default.
    const created = await ensureMetricPartitions(db.connection.runner, new Date(month(2025, 1) + DAY));
    expect(created.converted).toBe(false);
    expect(created.created).toEqual([
      partitionNameOf(month(2025, 1)),
      partitionNameOf(month(2025, 2)),
      partitionNameOf(month(2025, 3)),
      partitionNameOf(month(2025, 4)),
    ]);
    for (let m = 5; m <= 18; m++)
      await ensureMetricPartitions(db.connection.runner, new Date(Date.UTC(2025, m - 1, 2)));
    const [left] = await db.connection.runner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${DEFAULT_PARTITION}`,
    );
    expect(left!.n).toBe(0);
    const [march] = await db.connection.runner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${partitionNameOf(month(2025, 3))}"`,
    );
    expect(march!.n).toBe(2);
    expect(await db.prisma.metricPoint.count({ where: { versionId: v } })).toBe(points.length);

    // A 90-day chart read (the raw-points query of readBuckets) touches only the months it overlaps.
    const to = new Date(Date.UTC(2026, 5, 15));
    const from = new Date(to.getTime() - 90 * DAY);
    const plan = (
      await db.connection.runner.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT date_bin(interval '1 hour', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, name, avg(value)
         FROM metric_points WHERE "versionId" = ANY($1::text[]) AND name = ANY($2::text[]) AND environment = $3 AND ts >= $4::timestamptz AND ts < $5::timestamptz GROUP BY 1, 2`,
        [[v], ["auc"], "production", from.toISOString(), to.toISOString()],
      )
    )
      .map((r) => r["QUERY PLAN"])
      .join("\n");
    const scanned = new Set([...plan.matchAll(/metric_points_p\d{6}|metric_points_default/g)].map((m) => m[0]));
    // 2026-03-17 … 2026-06-15: March, April, May and June 2026, nothing older, not the default partition.
    expect([...scanned].sort()).toEqual([
      partitionNameOf(month(2026, 3)),
      partitionNameOf(month(2026, 4)),
      partitionNameOf(month(2026, 5)),
      partitionNameOf(month(2026, 6)),
    ]);

    // Retention as of 2026-06-10 with 400 days: the cutoff is 2025-05-06. January–April 2025 go whole; in May 2025 only
    // the point of the 3rd is past the cutoff (deleted as a row); the rollups stay.
    const rollups = await db.prisma.metricRollup.count({ where: { versionId: v } });
    const counts = await runRetention({
      now: new Date(Date.UTC(2026, 5, 10)),
      policy: { pointsDays: 400, idempotencyHours: 24, deliveriesDays: 30 },
    });
    expect(counts.metricPoints).toBe(4 * 2 + 1);
    const left2025 = (await listMetricPartitions(db.connection.runner))
      .map((p) => p.name)
      .filter((n) => n.startsWith("metric_points_p2025"));
    expect(left2025[0]).toBe(partitionNameOf(month(2025, 5)));
    expect(await db.prisma.metricPoint.count({ where: { versionId: v } })).toBe(points.length - 9);
    expect(await db.prisma.metricRollup.count({ where: { versionId: v } })).toBe(rollups);
  });
});
