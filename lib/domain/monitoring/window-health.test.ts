import { describe, expect, it } from "vitest";
import { datasetDrift, numericDrift } from "../drift";
import { defaultHealthRules } from "./health";
import { assessWindowHealth, combineHealth } from "./window-health";

const rules = defaultHealthRules("CLASSIFICATION");
const drift = (flags: (boolean | null)[], threshold = 0.5) =>
  datasetDrift(
    flags.map((drifted) => ({ drifted })),
    threshold,
  );
const cls = (auc: number | null) => ({
  threshold: 0.5,
  auc,
  accuracy: null,
  precision: null,
  recall: null,
  f1: null,
  log_loss: null,
  brier: null,
  tp: 0,
  fp: 0,
  fn: 0,
  tn: 0,
});

describe("assessWindowHealth", () => {
  it("is HEALTHY without drift or quality breach, UNKNOWN when nothing could be judged", () => {
    expect(
      assessWindowHealth({ datasetDrift: drift([false, false]), prediction: null, quality: cls(0.9), rules }),
    ).toEqual({ health: "HEALTHY", reasons: [] });
    expect(assessWindowHealth({ datasetDrift: drift([null]), prediction: null, quality: null, rules }).health).toBe(
      "UNKNOWN",
    );
  });

  it("warns on dataset drift and is CRITICAL from twice the threshold share", () => {
    const warn = assessWindowHealth({
      datasetDrift: drift([true, false, false, false], 0.25),
      prediction: null,
      quality: null,
      rules,
    });
    expect(warn.health).toBe("WARNING");
    expect(warn.reasons).toEqual([
      {
        metric: "dataset_drift",
        value: 0.25,
        threshold: 0.25,
        level: "WARNING",
        message: "1 of 4 features drifted (share 25% ≥ 25%)",
      },
    ]);
    const crit = assessWindowHealth({
      datasetDrift: drift([true, true, false, false], 0.25),
      prediction: null,
      quality: null,
      rules,
    });
    expect(crit.reasons[0]).toMatchObject({ level: "CRITICAL", threshold: 0.5 });
    // At the default 0.5 the critical share is capped at 1: half drifted warns, all drifted is critical.
    expect(
      assessWindowHealth({ datasetDrift: drift([true, false]), prediction: null, quality: null, rules }).health,
    ).toBe("WARNING");
    expect(
      assessWindowHealth({ datasetDrift: drift([true, true]), prediction: null, quality: null, rules }).health,
    ).toBe("CRITICAL");
  });

  it("warns on prediction drift", () => {
    const ref = Array.from({ length: 200 }, (_, i) => i / 200);
    const shifted = ref.map((x) => Math.min(1, x + 0.3));
    const r = assessWindowHealth({
      datasetDrift: drift([false]),
      prediction: numericDrift(ref, shifted),
      quality: null,
      rules,
    });
    expect(r.health).toBe("WARNING");
    expect(r.reasons[0]).toMatchObject({ metric: "prediction_drift", level: "WARNING", threshold: 0.05 });
  });

  it("judges labelled quality with the metric rules' bounds", () => {
    expect(
      assessWindowHealth({ datasetDrift: drift([false]), prediction: null, quality: cls(0.78), rules }).reasons,
    ).toEqual([
      {
        metric: "window_auc",
        value: 0.78,
        threshold: 0.8,
        level: "WARNING",
        message: "Labelled window: auc 0.780 is below 0.800",
      },
    ]);
    expect(
      assessWindowHealth({ datasetDrift: drift([false]), prediction: null, quality: cls(0.7), rules }).health,
    ).toBe("CRITICAL");
    const r2 = { rmse: 1, mae: 1, r2: 0.4, bias: 0 };
    expect(
      assessWindowHealth({
        datasetDrift: drift([null]),
        prediction: null,
        quality: r2,
        rules: defaultHealthRules("REGRESSION"),
      }).health,
    ).toBe("CRITICAL");
  });
});

describe("combineHealth", () => {
  const healthy = { health: "HEALTHY" as const, reasons: [] };
  const reason = {
    metric: "auc",
    value: 0.7,
    threshold: 0.75,
    level: "CRITICAL" as const,
    message: "auc 0.700 is below 0.750",
  };
  it("takes the worse of window and metrics, window reasons first", () => {
    const window = {
      health: "WARNING" as const,
      reasons: [{ ...reason, metric: "dataset_drift", level: "WARNING" as const }],
    };
    const combined = combineHealth(window, { health: "CRITICAL", reasons: [reason] });
    expect(combined.health).toBe("CRITICAL");
    expect(combined.reasons.map((r) => r.metric)).toEqual(["dataset_drift", "auc"]);
    expect(combineHealth(healthy, { health: "UNKNOWN", reasons: [] }).health).toBe("HEALTHY");
    expect(combineHealth(null, { health: "UNKNOWN", reasons: [] }).health).toBe("UNKNOWN");
  });
});
