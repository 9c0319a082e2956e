import { describe, expect, it } from "vitest";
import { formatPercent, IMPORTANCE_CHART_MAX, prepareImportanceChart, prepareRankChanges } from "./importance";

describe("prepareImportanceChart", () => {
  it("ranks bars by share, labels them and says what the top 3 hold", () => {
    const d = prepareImportanceChart({ a: 1, b: 3, c: 4, d: 2 }, ["a", "b", "c"]);
    expect(d.bars.map((b) => [b.feature, b.label, b.rank, b.approved])).toEqual([
      ["c", "40%", 1, true],
      ["b", "30%", 2, true],
      ["d", "20%", 3, false],
      ["a", "10%", 4, true],
    ]);
    expect(d.caption).toBe("4 features; the top 3 hold 90% of the importance.");
  });
  it("caps the bars and counts the rest in the caption; no list means every bar is approved", () => {
    const values = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${String(i).padStart(2, "0")}`, 40 - i]));
    const d = prepareImportanceChart(values);
    expect([d.shown, d.total, d.bars.length]).toEqual([IMPORTANCE_CHART_MAX, 40, IMPORTANCE_CHART_MAX]);
    expect(d.caption).toMatch(/^Top 15 of 40 features; the top 3 hold 14% of the importance\.$/);
    expect(d.bars.every((b) => b.approved)).toBe(true);
  });
});

describe("prepareRankChanges", () => {
  it("writes each move in words and lists features the champion had and this version lacks", () => {
    const { rows, dropped } = prepareRankChanges({ a: 3, b: 2, n: 1 }, { b: 3, a: 2, old: 1 });
    expect(rows.map((r) => [r.feature, r.change, r.direction])).toEqual([
      ["a", "↑ 1 (was 2nd)", "up"],
      ["b", "↓ 1 (was 1st)", "down"],
      ["n", "new", "new"],
    ]);
    expect(dropped).toEqual(["old"]);
    expect(prepareRankChanges({ a: 1 }, { a: 5 }).rows[0]!.change).toBe("=");
  });
});

describe("formatPercent", () => {
  it("one decimal under 10 %", () => {
    expect([formatPercent(0), formatPercent(0.034), formatPercent(0.341), formatPercent(1)]).toEqual([
      "0%",
      "3.4%",
      "34%",
      "100%",
    ]);
  });
});
