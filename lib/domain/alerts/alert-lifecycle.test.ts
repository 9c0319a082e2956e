import { describe, expect, it } from "vitest";
import { checkAcknowledge, nextAlertAction, type TUnresolvedAlert, type TWatch } from "./alert-lifecycle";

const watchV3: TWatch = { watching: true, versionId: "v3", versionNumber: 3 };
const open = (over: Partial<TUnresolvedAlert> = {}): TUnresolvedAlert => ({
  id: "a1",
  status: "OPEN",
  versionId: "v3",
  openedAt: 0,
  ...over,
});

describe("nextAlertAction", () => {
  it("opens when violated and nothing is unresolved", () => {
    expect(nextAlertAction({ current: null, watch: watchV3, violated: true, message: "" })).toEqual({ type: "open" });
  });

  it.each([false, null] as const)("opens nothing when the outcome is %s", (violated) => {
    expect(nextAlertAction({ current: null, watch: watchV3, violated, message: "" })).toEqual({ type: "none" });
  });

  it.each(["OPEN", "ACKNOWLEDGED"] as const)("keeps an %s alert while the condition holds (no duplicate)", (status) => {
    expect(nextAlertAction({ current: open({ status }), watch: watchV3, violated: true, message: "" })).toEqual({
      type: "keep",
      alertId: "a1",
    });
  });

  it.each(["OPEN", "ACKNOWLEDGED"] as const)("resolves an %s alert when the condition clears", (status) => {
    expect(
      nextAlertAction({ current: open({ status }), watch: watchV3, violated: false, message: "auc averaged 0.81" }),
    ).toEqual({ type: "resolve", alertId: "a1", resolution: "Condition cleared: auc averaged 0.81" });
  });

  it("keeps the alert when there is no data to judge: missing data is not recovery", () => {
    expect(nextAlertAction({ current: open(), watch: watchV3, violated: null, message: "" })).toEqual({
      type: "keep",
      alertId: "a1",
    });
  });

  it("replaces an alert raised for a version that is no longer watched when the new one violates too", () => {
    const r = nextAlertAction({ current: open({ versionId: "v2" }), watch: watchV3, violated: true, message: "" });
    expect(r).toMatchObject({ type: "replace", alertId: "a1" });
  });

  it.each([false, null] as const)("resolves an alert of a version no longer watched (outcome %s)", (violated) => {
    expect(
      nextAlertAction({ current: open({ versionId: "v2" }), watch: watchV3, violated, message: "" }),
    ).toMatchObject({ type: "resolve", resolution: expect.stringContaining("v3 is live now") });
  });

  it("resolves when the rule watches nothing any more, and does nothing otherwise", () => {
    const off: TWatch = { watching: false, reason: "The rule was disabled." };
    expect(nextAlertAction({ current: open(), watch: off, violated: true, message: "" })).toEqual({
      type: "resolve",
      alertId: "a1",
      resolution: "The rule was disabled.",
    });
    expect(nextAlertAction({ current: null, watch: off, violated: true, message: "" })).toEqual({ type: "none" });
  });
});

describe("checkAcknowledge", () => {
  it("acknowledges open alerts only", () => {
    expect(checkAcknowledge("OPEN")).toEqual({ ok: true });
    expect(checkAcknowledge("ACKNOWLEDGED")).toMatchObject({ ok: false, message: expect.stringContaining("already") });
    expect(checkAcknowledge("RESOLVED")).toMatchObject({ ok: false, message: expect.stringContaining("resolved") });
  });
});
