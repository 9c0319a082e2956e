import { describe, expect, it } from "vitest";
import { ZSeriesResponse } from "@/lib/schemas/series";
import { insertMetricPoints } from "@/lib/server/monitoring/insert-metric-points";
import { callRoute, createCast, createTestToken, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as modelSeries } from "../models/[modelId]/series/route";
import { GET as versionSeries } from "./[versionId]/series/route";

const db = useTestDatabase();
const H = 3_600_000;

async function setup() {
  const cast = await createCast(db.prisma);
  const model = await db.prisma.model.create({
    data: {
      slug: uniq("series").replace(/[^a-z0-9-]/g, ""),
      title: "S",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
    },
  });
  const v1 = await db.prisma.modelVersion.create({ data: { modelId: model.id, number: 1, artifactUri: "s3://a" } });
  const v2 = await db.prisma.modelVersion.create({ data: { modelId: model.id, number: 2, artifactUri: "s3://b" } });
  return { cast, model, v1, v2 };
}

describe("metric series", () => {
  it("buckets in SQL, averages within buckets, leaves gaps as nulls and caps the point count", async () => {
    const { cast, v1 } = await setup();
    const now = Date.now();
    // 90 days of points every 10 minutes, minus a 2-day hole.
    const rows = [];
    for (let i = 0, t = now - 90 * 24 * H; t < now; i++, t += 600_000) {
      if (t > now - 10 * 24 * H && t < now - 8 * 24 * H) continue;
      rows.push({
        versionId: v1.id,
        environment: "production",
        name: "auc",
        value: i % 2 ? 0.82 : 0.8,
        ts: new Date(t),
      });
    }
    await insertMetricPoints(db.prisma, rows);
    const r = await callRoute(versionSeries, {
      token: cast.manager.token,
      params: { versionId: v1.id },
      path: "/x?names=auc,latency_p95_ms&range=90d",
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const s = ZSeriesResponse.parse(r.json);
    expect(s.bucketSeconds).toBe(10_800);
    const auc = s.series.find((x) => x.name === "auc")!;
    expect(auc.points.length).toBeLessThanOrEqual(1000);
    const full = auc.points.filter((p) => p.count === 18);
    expect(full.length).toBeGreaterThan(600);
    for (const p of full) expect(p.avg).toBeCloseTo(0.81, 9); // 9 points at 0.80 and 9 at 0.82 per 3-hour bucket
    expect(auc.points.filter((p) => p.avg === null)).toHaveLength(1);
    expect(s.series.find((x) => x.name === "latency_p95_ms")!.points).toEqual([]);
    expect(s.thresholds.map((t) => t.metric).sort()).toEqual(["auc", "latency_p95_ms"]);
  });

  it("spans the model's versions with deployment markers", async () => {
    const { cast, model, v1, v2 } = await setup();
    const env = await db.prisma.environment.upsert({
      where: { name: "production" },
      create: { name: "production", isProduction: true },
      update: {},
    });
    const now = Date.now();
    await db.prisma.deployment.create({
      data: { modelId: model.id, versionId: v2.id, environmentId: env.id, deployedAt: new Date(now - 2 * 24 * H) },
    });
    await insertMetricPoints(db.prisma, [
      { versionId: v1.id, environment: "production", name: "auc", value: 0.8, ts: new Date(now - 3 * 24 * H) },
      { versionId: v2.id, environment: "production", name: "auc", value: 0.9, ts: new Date(now - 1 * 24 * H) },
      { versionId: v2.id, environment: "staging", name: "auc", value: 0.1, ts: new Date(now - 1 * 24 * H) },
    ]);
    const s = ZSeriesResponse.parse(
      (
        await callRoute(modelSeries, {
          token: cast.ds.token,
          params: { modelId: model.slug },
          path: "/x?names=auc&range=7d",
        })
      ).json,
    );
    expect(s.series[0]!.points.filter((p) => p.avg !== null).map((p) => p.avg)).toEqual([0.8, 0.9]);
    expect(s.markers).toEqual([{ t: now - 2 * 24 * H, label: "v2 deployed", kind: "deployment" }]);
    const custom = ZSeriesResponse.parse(
      (
        await callRoute(modelSeries, {
          token: cast.ds.token,
          params: { modelId: model.id },
          path: `/x?names=auc&from=${new Date(now - 4 * 24 * H).toISOString()}&to=${new Date(now - 2.5 * 24 * H).toISOString()}`,
        })
      ).json,
    );
    expect(custom.series[0]!.points.map((p) => p.avg)).toEqual([0.8]);
  });

  it("refuses bad queries and denies without credentials or read scope", async () => {
    const { cast, v1 } = await setup();
    const get = (path: string, token?: string) =>
      callRoute(versionSeries, { token, params: { versionId: v1.id }, path });
    expect((await get("/x?range=30d", cast.ds.token)).status).toBe(422);
    expect((await get("/x?names=auc&range=1y", cast.ds.token)).status).toBe(422);
    expect((await get("/x?names=auc&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", cast.ds.token)).status).toBe(
      422,
    );
    expect((await get("/x?names=auc")).status).toBe(401);
    expect((await get("/x?names=auc", await createTestToken(db.prisma, cast.ds.user.id, ["ingest"]))).status).toBe(403);
    expect(
      (await callRoute(versionSeries, { token: cast.ds.token, params: { versionId: "nope" }, path: "/x?names=auc" }))
        .status,
    ).toBe(404);
  });

  it("answers long ranges from hourly rollups exactly as bucketing every point would, rollups kept by concurrent batches", async () => {
    const { cast, v1 } = await setup();
    const now = Date.now();
    // Irregular points over 40 days (so the edge hours of the range are partial), sent as 8 concurrent batches
    // that share hours, then the bucketing of every point as the expected answer.
    const rows = Array.from({ length: 4_000 }, (_, i) => ({
      versionId: v1.id,
      environment: "production",
      name: i % 3 ? "auc" : "error_rate",
      value: ((i * 7919) % 1000) / 1000,
      ts: new Date(now - 1000 - ((i * 104_729) % (40 * 24 * H))),
    }));
    await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        insertMetricPoints(
          db.prisma,
          rows.filter((_, i) => i % 8 === k),
        ),
      ),
    );
    const rollups = await db.prisma.$queryRaw<
      { n: number; c: number }[]
    >`SELECT count(*)::int AS n, sum(count)::int AS c FROM metric_rollups WHERE "versionId" = ${v1.id}`;
    expect(rollups[0]!.c).toBe(4_000);
    expect(rollups[0]!.n).toBeLessThan(2 * 40 * 24 + 2); // one row per metric and hour
    const from = new Date(now - 30 * 24 * H - 17 * 60_000).toISOString(); // not on an hour: partial edge hours
    const to = new Date(now - 5 * 60_000).toISOString();
    const r = await callRoute(versionSeries, {
      token: cast.ds.token,
      params: { versionId: v1.id },
      path: `/x?names=auc,error_rate&from=${from}&to=${to}`,
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const s = ZSeriesResponse.parse(r.json);
    expect(s.bucketSeconds).toBe(3_600);
    const expected = await db.prisma.$queryRaw<
      { t: Date; name: string; avg: number; min: number; max: number; count: number }[]
    >`
      SELECT date_bin(interval '1 hour', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, name, avg(value)::float8 AS avg, min(value) AS min, max(value) AS max, count(*)::int AS count
      FROM metric_points WHERE "versionId" = ${v1.id} AND ts >= ${from}::timestamptz AND ts < ${to}::timestamptz GROUP BY 1, 2 ORDER BY 2, 1`;
    const got = s.series.flatMap((x) => x.points.filter((p) => p.count > 0).map((p) => ({ ...p, name: x.name })));
    expect(got.length).toBe(expected.length);
    for (const [i, e] of expected.entries()) {
      const g = got[i]!;
      expect([g.name, g.t, g.count, g.min, g.max]).toEqual([e.name, e.t.getTime(), e.count, e.min, e.max]);
      expect(g.avg).toBeCloseTo(e.avg, 12);
    }
  });
});
