import { describe, expect, it } from "vitest";
import {
  describeRule,
  evaluateRule,
  metricPeriodsFor,
  readRuleConfig,
  toRuleSpec,
  type TRuleFacts,
  type TRuleSpec,
  type TWindowFacts,
} from "./alert-rules";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const H = 3_600_000;

const periods = (...avgs: (number | null)[]) =>
  avgs.map((avg, i) => ({ from: NOW - (i + 1) * 24 * H, to: NOW - i * 24 * H, avg, count: avg === null ? 0 : 24 }));
const window = (over: Partial<TWindowFacts> = {}, hoursAgo = 1): TWindowFacts => ({
  id: `w${hoursAgo}`,
  windowEnd: NOW - hoursAgo * H,
  driftedShare: 0,
  psi: {},
  quality: {},
  weightedDrift: null,
  ...over,
});
const facts = (f: Omit<TRuleFacts, "now">): TRuleFacts => ({ now: NOW, ...f });

describe("readRuleConfig", () => {
  it("accepts the demo seed's shapes", () => {
    expect(readRuleConfig("METRIC_THRESHOLD", { metric: "auc", op: "<", value: 0.75, windowHours: 24 })).toEqual({
      ok: true,
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
    });
    expect(readRuleConfig("DATASET_DRIFT", { share: 0.5 })).toEqual({ ok: true, config: { share: 0.5 } });
    expect(readRuleConfig("LATENCY", { metric: "latency_p95_ms", op: ">", value: 250, windowHours: 1 }).ok).toBe(true);
    expect(readRuleConfig("STALENESS", { hours: 6 })).toEqual({ ok: true, config: { hours: 6 } });
  });

  it("fills the default metric of LATENCY and ERROR_RATE", () => {
    expect(readRuleConfig("LATENCY", { op: ">", value: 300, windowHours: 1 })).toMatchObject({
      ok: true,
      config: { metric: "latency_p95_ms" },
    });
    expect(readRuleConfig("ERROR_RATE", { op: ">", value: 0.05, windowHours: 1 })).toMatchObject({
      ok: true,
      config: { metric: "error_rate" },
    });
  });

  it.each([
    ["METRIC_THRESHOLD", { op: "<", value: 0.75, windowHours: 24 }, "config.metric"],
    ["METRIC_THRESHOLD", { metric: "auc", op: "!=", value: 0.75, windowHours: 24 }, "config.op"],
    ["METRIC_THRESHOLD", { metric: "auc", op: "<", value: "0.75", windowHours: 24 }, "config.value"],
    ["METRIC_THRESHOLD", { metric: "auc", op: "<", value: 0.75, windowHours: 0 }, "config.windowHours"],
    ["METRIC_THRESHOLD", { metric: "auc", op: "<", value: 0.75, windowHours: 10_000 }, "config.windowHours"],
    ["DATASET_DRIFT", { share: 1.5 }, "config.share"],
    ["DATASET_DRIFT", { share: 0 }, "config.share"],
    ["FEATURE_PSI", { band: "huge" }, "config.band"],
    ["FEATURE_PSI", { feature: 3, band: "moderate" }, "config.feature"],
    ["DATA_QUALITY", {}, "config.maxMissingRate"],
    ["DATA_QUALITY", { maxUnseenShare: -0.1 }, "config.maxUnseenShare"],
    ["STALENESS", { hours: -1 }, "config.hours"],
    ["STALENESS", "6", "config"],
  ] as const)("refuses %s %j naming %s", (kind, raw, path) => {
    const r = readRuleConfig(kind, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
    expect(toRuleSpec(kind, raw)).toBeNull();
  });
});

describe("evaluateRule — metric kinds", () => {
  const auc: TRuleSpec = { kind: "METRIC_THRESHOLD", config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 } };

  it("is violated when the window's average crosses the threshold, with the streak of bad periods", () => {
    const r = evaluateRule(auc, facts({ metricPeriods: periods(0.731, 0.742, 0.753) }));
    expect(r.violated).toBe(true);
    expect(r.value).toBe(0.731);
    expect(r.streak).toBe(2);
    expect(r.message).toBe("auc averaged 0.731 over the last 24 h (rule: < 0.75).");
    expect(r.evidence).toMatchObject({
      metric: "auc",
      threshold: 0.75,
      periods: [{ avg: 0.731 }, { avg: 0.742 }, { avg: 0.753 }],
    });
  });

  it("is clear on a good average even if older periods were bad", () => {
    const r = evaluateRule(auc, facts({ metricPeriods: periods(0.8, 0.7) }));
    expect([r.violated, r.streak]).toEqual([false, 0]);
  });

  it("is unknown without points in the window", () => {
    const r = evaluateRule(auc, facts({ metricPeriods: periods(null, 0.7) }));
    expect(r.violated).toBeNull();
    expect(r.message).toContain("No auc point");
    expect(evaluateRule(auc, facts({})).violated).toBeNull();
  });

  it("stops the streak at a period without data", () => {
    expect(evaluateRule(auc, facts({ metricPeriods: periods(0.7, null, 0.7) })).streak).toBe(1);
  });

  it.each([
    ["<", 0.75, 0.75, false],
    ["<=", 0.75, 0.75, true],
    [">", 250, 251, true],
    [">=", 250, 249.9, false],
  ] as const)("compares with %s (threshold %d, value %d → %s)", (op, value, avg, expected) => {
    const spec: TRuleSpec = { kind: "LATENCY", config: { metric: "latency_p95_ms", op, value, windowHours: 1 } };
    expect(evaluateRule(spec, facts({ metricPeriods: periods(avg) })).violated).toBe(expected);
  });

  it("judges ERROR_RATE like a threshold on error_rate", () => {
    const spec: TRuleSpec = {
      kind: "ERROR_RATE",
      config: { metric: "error_rate", op: ">", value: 0.05, windowHours: 1 },
    };
    expect(evaluateRule(spec, facts({ metricPeriods: periods(0.08) }))).toMatchObject({
      violated: true,
      value: 0.08,
      streak: 1,
    });
  });

  it("asks for consecutive periods ending now, newest first", () => {
    expect(metricPeriodsFor(auc.config as never, NOW, 2)).toEqual([
      { from: NOW - 24 * H, to: NOW },
      { from: NOW - 48 * H, to: NOW - 24 * H },
    ]);
    expect(metricPeriodsFor(auc.config as never, NOW, 0)).toHaveLength(1);
  });
});

describe("evaluateRule — window kinds", () => {
  it("DATASET_DRIFT: share of drifted features at or above the rule", () => {
    const spec: TRuleSpec = { kind: "DATASET_DRIFT", config: { share: 0.5 } };
    const r = evaluateRule(
      spec,
      facts({
        windows: [
          window({ driftedShare: 0.5 }, 1),
          window({ driftedShare: 0.6 }, 25),
          window({ driftedShare: 0.1 }, 49),
        ],
      }),
    );
    expect(r).toMatchObject({ violated: true, value: 0.5, streak: 2 });
    expect(r.message).toContain("50% of the features drifted");
    expect(evaluateRule(spec, facts({ windows: [window({ driftedShare: 0.49 })] })).violated).toBe(false);
    expect(evaluateRule(spec, facts({ windows: [window({ driftedShare: null })] })).violated).toBeNull();
  });

  it("ignores windows older than 7 days", () => {
    const spec: TRuleSpec = { kind: "DATASET_DRIFT", config: { share: 0.5 } };
    expect(evaluateRule(spec, facts({ windows: [window({ driftedShare: 0.9 }, 8 * 24)] })).violated).toBeNull();
  });

  it("FEATURE_PSI: the named feature, or the worst feature, against the band", () => {
    const w = window({ psi: { income: 0.12, region: 0.3, age: null } });
    expect(
      evaluateRule(
        { kind: "FEATURE_PSI", config: { feature: "income", band: "significant" } },
        facts({ windows: [w] }),
      ),
    ).toMatchObject({ violated: false, value: 0.12 });
    expect(
      evaluateRule({ kind: "FEATURE_PSI", config: { feature: "income", band: "moderate" } }, facts({ windows: [w] })),
    ).toMatchObject({ violated: true, value: 0.12 });
    const any = evaluateRule({ kind: "FEATURE_PSI", config: { band: "significant" } }, facts({ windows: [w] }));
    expect(any).toMatchObject({ violated: true, value: 0.3 });
    expect(any.message).toContain("PSI of region is 0.300");
    expect(
      evaluateRule({ kind: "FEATURE_PSI", config: { feature: "age", band: "moderate" } }, facts({ windows: [w] }))
        .violated,
    ).toBeNull();
  });

  it("DATA_QUALITY: missing rate or unseen share above its bound, on one feature or any", () => {
    const w = window({
      quality: { income: { missingRate: 0.02, unseenShare: 0 }, region: { missingRate: 0, unseenShare: 0.2 } },
    });
    expect(
      evaluateRule({ kind: "DATA_QUALITY", config: { maxMissingRate: 0.05 } }, facts({ windows: [w] })),
    ).toMatchObject({ violated: false, value: 0.02 });
    const unseen = evaluateRule(
      { kind: "DATA_QUALITY", config: { maxMissingRate: 0.05, maxUnseenShare: 0.1 } },
      facts({ windows: [w] }),
    );
    expect(unseen).toMatchObject({ violated: true, value: 0.2 });
    expect(unseen.message).toContain("unseen-category share of region is 20%");
    expect(
      evaluateRule(
        { kind: "DATA_QUALITY", config: { feature: "income", maxMissingRate: 0.01 } },
        facts({ windows: [w] }),
      ),
    ).toMatchObject({ violated: true, value: 0.02 });
    expect(
      evaluateRule({ kind: "DATA_QUALITY", config: { feature: "nope", maxMissingRate: 0.01 } }, facts({ windows: [w] }))
        .violated,
    ).toBeNull();
  });
});

describe("evaluateRule — staleness", () => {
  const spec: TRuleSpec = { kind: "STALENESS", config: { hours: 6 } };

  it("is stale after the given hours without data", () => {
    const r = evaluateRule(spec, facts({ lastDataAt: NOW - 7 * H, liveSince: NOW - 100 * H }));
    expect(r).toMatchObject({ violated: true, value: 7, streak: 1 });
    expect(r.message).toBe("Stale: last production data 7 h ago (rule: 6 h).");
    expect(evaluateRule(spec, facts({ lastDataAt: NOW - 5 * H, liveSince: NOW - 100 * H })).violated).toBe(false);
  });

  it("counts from the deployment when the version went live after its last data", () => {
    expect(evaluateRule(spec, facts({ lastDataAt: NOW - 700 * H, liveSince: NOW - 1 * H })).violated).toBe(false);
    expect(evaluateRule(spec, facts({ lastDataAt: null, liveSince: NOW - 8 * H })).message).toContain(
      "no production data since it went live 8 h ago",
    );
  });

  it("is unknown for a version neither live nor ever fed", () => {
    expect(evaluateRule(spec, facts({ lastDataAt: null, liveSince: null })).violated).toBeNull();
  });
});

describe("describeRule", () => {
  it.each([
    [
      { kind: "METRIC_THRESHOLD", config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 } },
      "auc < 0.75 over 24 h",
    ],
    [{ kind: "DATASET_DRIFT", config: { share: 0.5 } }, "50% or more of the features drift"],
    [{ kind: "FEATURE_PSI", config: { band: "significant" } }, "PSI of any feature ≥ 0.25 (significant)"],
    [
      { kind: "DATA_QUALITY", config: { feature: "income", maxMissingRate: 0.05, maxUnseenShare: 0.1 } },
      "income: missing > 5% or unseen categories > 10%",
    ],
    [{ kind: "STALENESS", config: { hours: 48 } }, "no production data for 2 days"],
  ] as [TRuleSpec, string][])("%j → %s", (spec, text) => {
    expect(describeRule(spec)).toBe(text);
  });
});

describe("WEIGHTED_DRIFT (issue 19)", () => {
  const spec = toRuleSpec("WEIGHTED_DRIFT", { value: 0.2 })!;
  it("reads { value } in (0, 10] and describes it", () => {
    expect(readRuleConfig("WEIGHTED_DRIFT", { value: 0.2 })).toEqual({ ok: true, config: { value: 0.2 } });
    for (const value of [0, -1, 11, "0.2", Number.NaN])
      expect(readRuleConfig("WEIGHTED_DRIFT", { value })).toMatchObject({
        ok: false,
        errors: [{ path: "config.value" }],
      });
    expect(describeRule(spec)).toBe("importance-weighted drift > 0.2");
  });
  it("is violated above the threshold, clear at or below it, unknown without a score", () => {
    expect(evaluateRule(spec, facts({ windows: [window({ weightedDrift: 0.31 })] }))).toMatchObject({
      violated: true,
      value: 0.31,
      streak: 1,
    });
    expect(evaluateRule(spec, facts({ windows: [window({ weightedDrift: 0.2 })] }))).toMatchObject({
      violated: false,
      value: 0.2,
    });
    expect(evaluateRule(spec, facts({ windows: [window({ weightedDrift: null, driftedShare: 1 })] }))).toMatchObject({
      violated: null,
    });
    expect(evaluateRule(spec, facts({ windows: [] })).violated).toBeNull();
  });
  it("counts consecutive violated windows for the retraining trigger", () => {
    const r = evaluateRule(
      spec,
      facts({
        windows: [
          window({ weightedDrift: 0.5 }, 1),
          window({ weightedDrift: 0.4 }, 25),
          window({ weightedDrift: 0.1 }, 49),
        ],
      }),
    );
    expect(r.streak).toBe(2);
    expect(r.message).toMatch(/^Importance-weighted drift is 0\.500 \(rule: > 0\.2\) in the window ending/);
  });
});
