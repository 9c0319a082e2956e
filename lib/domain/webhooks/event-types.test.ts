import { describe, expect, it } from "vitest";
import {
  buildEventEnvelope,
  EVENT_DESCRIPTIONS,
  EVENT_TYPES,
  isSubscribed,
  SUBSCRIBABLE_EVENT_TYPES,
} from "./event-types";

describe("event types", () => {
  it("describes every type and lets webhooks subscribe to all but the test event", () => {
    expect(Object.keys(EVENT_DESCRIPTIONS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(SUBSCRIBABLE_EVENT_TYPES).toHaveLength(EVENT_TYPES.length - 1);
    expect(SUBSCRIBABLE_EVENT_TYPES).not.toContain("webhook.test");
  });

  it("matches subscriptions by exact type or *, never sending test events through *", () => {
    expect(isSubscribed(["approval.requested"], "approval.requested")).toBe(true);
    expect(isSubscribed(["approval.requested"], "approval.decided")).toBe(false);
    expect(isSubscribed(["*"], "alert.opened")).toBe(true);
    expect(isSubscribed(["*"], "webhook.test")).toBe(false);
    expect(isSubscribed([], "alert.opened")).toBe(false);
  });

  it("wraps data in the { type, occurredAt, data } envelope", () => {
    expect(buildEventEnvelope("alert.opened", { ruleId: "r1" }, new Date("2026-11-23T10:00:00Z"))).toEqual({
      type: "alert.opened",
      occurredAt: "2026-11-23T10:00:00.000Z",
      data: { ruleId: "r1" },
    });
  });
});
