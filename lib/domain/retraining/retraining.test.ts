import { describe, expect, it } from "vitest";
import {
  checkRetrainingStatusChange,
  isSustained,
  shouldRequestRetraining,
  SUSTAIN_HOURS,
  SUSTAIN_PERIODS,
} from "./retraining";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const H = 3_600_000;

describe("isSustained", () => {
  it("needs the condition to hold now", () => {
    expect(isSustained({ violated: false, streak: 5, alertOpenedAt: NOW - 100 * H, now: NOW })).toBe(false);
    expect(isSustained({ violated: null, streak: 5, alertOpenedAt: NOW - 100 * H, now: NOW })).toBe(false);
  });

  it(`holds after ${SUSTAIN_PERIODS} consecutive bad periods of data, at once`, () => {
    expect(isSustained({ violated: true, streak: SUSTAIN_PERIODS, alertOpenedAt: null, now: NOW })).toBe(true);
    expect(isSustained({ violated: true, streak: SUSTAIN_PERIODS - 1, alertOpenedAt: null, now: NOW })).toBe(false);
  });

  it(`holds when the alert stayed unresolved ${SUSTAIN_HOURS} h`, () => {
    expect(isSustained({ violated: true, streak: 1, alertOpenedAt: NOW - SUSTAIN_HOURS * H, now: NOW })).toBe(true);
    expect(isSustained({ violated: true, streak: 1, alertOpenedAt: NOW - (SUSTAIN_HOURS - 1) * H, now: NOW })).toBe(
      false,
    );
  });
});

describe("shouldRequestRetraining", () => {
  it("opens one request per model, only for retrain rules", () => {
    expect(shouldRequestRetraining({ retrain: true, sustained: true, hasActiveRequest: false })).toBe(true);
    expect(shouldRequestRetraining({ retrain: true, sustained: true, hasActiveRequest: true })).toBe(false);
    expect(shouldRequestRetraining({ retrain: false, sustained: true, hasActiveRequest: false })).toBe(false);
    expect(shouldRequestRetraining({ retrain: true, sustained: false, hasActiveRequest: false })).toBe(false);
  });
});

describe("checkRetrainingStatusChange", () => {
  it.each([
    ["OPEN", "IN_PROGRESS", true],
    ["OPEN", "DONE", true],
    ["OPEN", "CANCELLED", true],
    ["IN_PROGRESS", "DONE", true],
    ["IN_PROGRESS", "OPEN", false],
    ["DONE", "OPEN", false],
    ["CANCELLED", "IN_PROGRESS", false],
    ["DONE", "DONE", true],
  ] as const)("%s → %s: %s", (from, to, ok) => {
    expect(checkRetrainingStatusChange(from, to).ok).toBe(ok);
  });
});
