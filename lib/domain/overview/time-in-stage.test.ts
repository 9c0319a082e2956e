import { describe, expect, it } from "vitest";
import type { TStage } from "../lifecycle/stages";
import { computeTimeInStage, quantileSorted, type TStageEntry } from "./time-in-stage";

const NOW = Date.parse("2026-11-23T00:00:00Z");
const DAY = 86_400_000;
const at = (daysFromNow: number) => NOW + daysFromNow * DAY;
const entries = (versionId: string, path: [TStage, number][]): TStageEntry[] =>
  path.map(([stage, d]) => ({ versionId, stage, enteredAt: at(d) }));

/*
 * Hand-computed fixture. Window: 90 days, so [now − 90 d, now]. Day numbers are relative to now.
 *   A: DESIGN −100, INDUSTRIALIZATION −80, UAT −70, DEPLOYMENT −64.5, MONITORING −64 (still live)
 *      stays: DESIGN 20 (ends −80, inside), IND 10, UAT 5.5, DEPLOYMENT 0.5; MONITORING still running → not counted
 *      lead time: −64 − (−100) = 36 d, reached MONITORING at −64 (inside)
 *   B: DESIGN −200, IND −150, UAT −120, DEPLOYMENT −95, MONITORING −93, ARCHIVED −30
 *      only the MONITORING stay ends inside: −30 − (−93) = 63; lead time left out (MONITORING at −93 is outside)
 *   C: DESIGN −40, IND −36, UAT −30, DEPLOYMENT −28, MONITORING −27, ARCHIVED −2
 *      stays: DESIGN 4, IND 6, UAT 2, DEPLOYMENT 1, MONITORING 25; lead time −27 − (−40) = 13
 *   D: DESIGN −20, IND −12 (still in IND)  → DESIGN 8
 *   E: DESIGN −10 (still in DESIGN)        → nothing
 *   F: DESIGN −95, ARCHIVED −91            → its DESIGN stay ended at −91, before the window: left out
 *   G: DESIGN −95, ARCHIVED −90            → DESIGN 5, ended exactly at the window start: counted
 *   H: DESIGN −15, IND −14, UAT −13, DEPLOYMENT −12, MONITORING −3 → DESIGN 1, IND 1, UAT 1, DEPLOYMENT 9; lead 12
 *
 * Per stage (sorted), with numpy's linear rule h = (n − 1)·q:
 *   DESIGN      [1, 4, 5, 8, 20]  median h=2 → 5;     p90 h=3.6 → 8 + 0.6·(20 − 8)  = 15.2
 *   IND         [1, 6, 10]        median h=1 → 6;     p90 h=1.8 → 6 + 0.8·(10 − 6)  = 9.2
 *   UAT         [1, 2, 5.5]       median 2;           p90       → 2 + 0.8·(5.5 − 2) = 4.8
 *   DEPLOYMENT  [0.5, 1, 9]       median 1;           p90       → 1 + 0.8·(9 − 1)   = 7.4
 *   MONITORING  [25, 63]          median h=0.5 → 25 + 0.5·38 = 44;  p90 h=0.9 → 25 + 0.9·38 = 59.2
 *   lead time   [12, 13, 36]      median 13;          p90       → 13 + 0.8·(36 − 13) = 31.4
 *
 * Lead-time weeks: 13 buckets (⌈90/7⌉); bucket = 12 − ⌊days ago / 7⌋:
 *   A (64 d ago) → 12 − 9 = 3;  C (27 d ago) → 12 − 3 = 9;  H (3 d ago) → 12.
 *   Bucket 0 starts at the window start, now − 90 d = 25 Aug; bucket 3 at now − 70 d = 14 Sep;
 *   bucket 12 at now − 7 d = 16 Nov.
 */
const FIXTURE: TStageEntry[] = [
  ...entries("A", [
    ["DESIGN", -100],
    ["INDUSTRIALIZATION", -80],
    ["UAT", -70],
    ["DEPLOYMENT", -64.5],
    ["MONITORING", -64],
  ]),
  ...entries("B", [
    ["DESIGN", -200],
    ["INDUSTRIALIZATION", -150],
    ["UAT", -120],
    ["DEPLOYMENT", -95],
    ["MONITORING", -93],
    ["ARCHIVED", -30],
  ]),
  ...entries("C", [
    ["DESIGN", -40],
    ["INDUSTRIALIZATION", -36],
    ["UAT", -30],
    ["DEPLOYMENT", -28],
    ["MONITORING", -27],
    ["ARCHIVED", -2],
  ]),
  ...entries("D", [
    ["DESIGN", -20],
    ["INDUSTRIALIZATION", -12],
  ]),
  ...entries("E", [["DESIGN", -10]]),
  ...entries("F", [
    ["DESIGN", -95],
    ["ARCHIVED", -91],
  ]),
  ...entries("G", [
    ["DESIGN", -95],
    ["ARCHIVED", -90],
  ]),
  ...entries("H", [
    ["DESIGN", -15],
    ["INDUSTRIALIZATION", -14],
    ["UAT", -13],
    ["DEPLOYMENT", -12],
    ["MONITORING", -3],
  ]),
];

describe("quantileSorted (numpy's linear percentile)", () => {
  it.each([
    [[1, 2, 3, 4, 10], 0.9, 7.6], // h = 3.6 → 4 + 0.6·6
    [[1, 2, 3, 4, 10], 0.5, 3],
    [[7], 0.9, 7],
    [[1, 2], 0.5, 1.5],
    [[0, 10], 0.9, 9],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4], 0, 1],
  ])("%j at %d is %d", (xs, q, expected) => {
    expect(quantileSorted(xs, q)).toBeCloseTo(expected, 12);
  });
  it("is null without values", () => {
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});

describe("computeTimeInStage", () => {
  const result = computeTimeInStage(FIXTURE, { now: NOW });

  it("gives median and p90 days per stage as computed by hand", () => {
    const byStage = Object.fromEntries(result.stages.map((s) => [s.stage, s]));
    const expected: Record<string, [number, number, number]> = {
      DESIGN: [5, 5, 15.2],
      INDUSTRIALIZATION: [3, 6, 9.2],
      UAT: [3, 2, 4.8],
      DEPLOYMENT: [3, 1, 7.4],
      MONITORING: [2, 44, 59.2],
    };
    expect(result.stages.map((s) => s.stage)).toEqual([
      "DESIGN",
      "INDUSTRIALIZATION",
      "UAT",
      "DEPLOYMENT",
      "MONITORING",
    ]);
    for (const [stage, [count, median, p90]] of Object.entries(expected)) {
      expect(byStage[stage]!.count, stage).toBe(count);
      expect(byStage[stage]!.medianDays, stage).toBeCloseTo(median, 9);
      expect(byStage[stage]!.p90Days, stage).toBeCloseTo(p90, 9);
    }
  });

  it("gives the DESIGN → MONITORING lead time as computed by hand", () => {
    expect(result.leadTime.count).toBe(3);
    expect(result.leadTime.medianDays).toBeCloseTo(13, 9);
    expect(result.leadTime.p90Days).toBeCloseTo(31.4, 9);
  });

  it("buckets lead times by week with gaps (null) for weeks without a go-live", () => {
    const b = result.leadTime.buckets;
    expect(b).toHaveLength(13);
    expect(b[0]!.label).toBe("25 Aug");
    expect(b[0]!.start).toBe("2026-08-25T00:00:00.000Z");
    expect(b[3]!.label).toBe("14 Sep");
    expect(b[12]!.label).toBe("16 Nov");
    expect(b.map((x) => x.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
    expect(b.map((x) => x.medianDays)).toEqual([
      null,
      null,
      null,
      36,
      null,
      null,
      null,
      null,
      null,
      13,
      null,
      null,
      12,
    ]);
  });

  it("does not depend on the order of the entries", () => {
    const shuffled = [...FIXTURE].reverse();
    expect(computeTimeInStage(shuffled, { now: NOW })).toEqual(result);
  });

  it("has null (never 0) for stages without stays, and follows the window length", () => {
    const empty = computeTimeInStage([], { now: NOW });
    expect(empty.stages.every((s) => s.count === 0 && s.medianDays === null && s.p90Days === null)).toBe(true);
    expect(empty.leadTime).toMatchObject({ count: 0, medianDays: null, p90Days: null });
    expect(empty.leadTime.buckets.every((x) => x.medianDays === null)).toBe(true);
    // A 30-day window, [−30, 0]:
    const short = computeTimeInStage(FIXTURE, { now: NOW, windowDays: 30 });
    const design = short.stages.find((s) => s.stage === "DESIGN")!;
    // DESIGN stays ending within [−30, 0]: D 8 (ends −12), H 1 (ends −14); C's ends at −36 → [1, 8]
    expect(design.count).toBe(2);
    expect(design.medianDays).toBeCloseTo(4.5, 9);
    expect(short.leadTime.count).toBe(2); // C at −27 and H at −3
    expect(short.leadTime.buckets).toHaveLength(5);
  });

  it("counts a stay that ends exactly at now, and ignores entries after now", () => {
    const r = computeTimeInStage(
      [
        ...entries("X", [
          ["DESIGN", -2],
          ["INDUSTRIALIZATION", 0],
          ["UAT", 1],
        ]),
      ],
      { now: NOW },
    );
    expect(r.stages.find((s) => s.stage === "DESIGN")).toMatchObject({ count: 1, medianDays: 2 });
    expect(r.stages.find((s) => s.stage === "INDUSTRIALIZATION")!.count).toBe(0);
  });
});
