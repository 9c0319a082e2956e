import { describe, expect, it } from "vitest";
import { chooseBucketSeconds, mergeSeries, resolveRange, withGaps, MAX_POINTS } from "./time-buckets";

const H = 3_600_000;

describe("chooseBucketSeconds", () => {
  it("keeps every preset under the point cap with the finest ladder step", () => {
    expect(chooseBucketSeconds(0, 24 * H)).toBe(300); // 288 points
    expect(chooseBucketSeconds(0, 7 * 24 * H)).toBe(900); // 672 points
    expect(chooseBucketSeconds(0, 30 * 24 * H)).toBe(3600); // 720 points
    expect(chooseBucketSeconds(0, 90 * 24 * H)).toBe(10_800); // 720 points
    for (const days of [1, 3, 7, 30, 90, 365, 400]) {
      const b = chooseBucketSeconds(0, days * 24 * H);
      expect((days * 86_400) / b).toBeLessThanOrEqual(MAX_POINTS);
    }
  });
});

describe("withGaps", () => {
  it("sorts buckets and inserts one null where data is missing, never a zero", () => {
    const r = withGaps(
      [
        { t: 3 * H, avg: 3, min: 3, max: 3, count: 1 },
        { t: 0, avg: 1, min: 1, max: 1, count: 1 },
        { t: H, avg: 2, min: 2, max: 2, count: 1 },
      ],
      3600,
    );
    expect(r.map((p) => [p.t / H, p.avg])).toEqual([
      [0, 1],
      [1, 2],
      [2, null],
      [3, 3],
    ]);
  });
});

describe("mergeSeries", () => {
  it("joins series by time and keeps absent values absent", () => {
    const rows = mergeSeries([
      { name: "a", points: [{ t: 1, avg: 10, min: 10, max: 10, count: 1 }] },
      {
        name: "b",
        points: [
          { t: 1, avg: 20, min: 20, max: 20, count: 1 },
          { t: 2, avg: null, min: null, max: null, count: 0 },
        ],
      },
    ]);
    expect(rows).toEqual([
      { t: 1, a: 10, b: 20 },
      { t: 2, b: null },
    ]);
  });
});

describe("resolveRange", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("resolves presets relative to now and validates custom ranges", () => {
    expect(resolveRange({ range: "24h" }, now)).toEqual({ fromMs: now - 24 * H, toMs: now });
    expect(resolveRange({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, now)).toEqual({
      fromMs: Date.parse("2026-11-01T00:00:00Z"),
      toMs: Date.parse("2026-11-02T00:00:00Z"),
    });
    expect(resolveRange({ from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }, now)).toEqual({
      error: "to must be after from.",
    });
    expect(resolveRange({ from: "yesterday" }, now)).toHaveProperty("error");
    expect(resolveRange({ from: "2024-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, now)).toHaveProperty("error");
  });
});
