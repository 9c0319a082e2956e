import { describe, expect, it } from "vitest";
import { keyMetricOf } from "./key-metric";

describe("keyMetricOf", () => {
  it("takes the first headline metric in the fixed order, whatever the object's order", () => {
    expect(keyMetricOf({ accuracy: 0.9, auc: 0.8 })).toEqual({ name: "auc", value: 0.8 });
    expect(keyMetricOf({ rmse: 12, r2: 0.7 })).toEqual({ name: "r2", value: 0.7 });
    expect(keyMetricOf({ macro_f1: 0.6 })).toEqual({ name: "macro_f1", value: 0.6 });
  });
  it("is null without one", () => {
    expect(keyMetricOf({})).toBeNull();
    expect(keyMetricOf({ latency_ms: 3 })).toBeNull();
  });
});
