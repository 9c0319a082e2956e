import { describe, expect, it } from "vitest";
import {
  alertOpenedText,
  handoffAnsweredText,
  handoffProposedText,
  promotionDecidedText,
  recipientsOf,
  retrainingRequestedText,
} from "./notification-text";

describe("notification texts", () => {
  const base = { modelSlug: "credit", version: 4, toStage: "UAT", approverName: "Emma", comment: "" };
  it("tells the requester who decided, which way, and whether the move happened", () => {
    expect(promotionDecidedText({ ...base, decision: "APPROVE", outcome: "APPLIED" })).toEqual({
      kind: "promotion_decided",
      title: "Emma approved credit v4 → UAT: promoted",
      body: "",
      link: "/models/credit/versions/4",
    });
    expect(promotionDecidedText({ ...base, decision: "APPROVE", outcome: "PENDING" }).title).toBe(
      "Emma approved credit v4 → UAT; more approvals needed",
    );
    const rejected = promotionDecidedText({
      ...base,
      decision: "REJECT",
      outcome: "REJECTED",
      comment: "x".repeat(400),
    });
    expect(rejected.title).toBe("Emma rejected credit v4 → UAT");
    expect(rejected.body).toHaveLength(280);
  });
  it("handoffs, alerts and retraining link to the thing", () => {
    expect(handoffProposedText({ modelSlug: "m", proposerName: "Chloe", direction: "DS_TO_IT" })).toMatchObject({
      title: "Chloe hands m over to you (IT ownership)",
      link: "/handoffs",
    });
    expect(
      handoffAnsweredText({ modelSlug: "m", receiverName: "David", accepted: false, reason: "no runbook" }),
    ).toMatchObject({ title: "David declined the handoff of m", body: "no runbook", link: "/models/m" });
    expect(
      alertOpenedText({
        modelId: "c1",
        modelSlug: "m",
        rule: "AUC below 0.75",
        severity: "CRITICAL",
        message: "auc 0.7",
      }),
    ).toMatchObject({ title: "Critical alert on m: AUC below 0.75", link: "/alerts?modelId=c1" });
    expect(retrainingRequestedText({ modelSlug: "m", rule: "AUC" }).link).toBe("/models/m");
  });
  it("never notifies the actor, and each person once", () => {
    expect(recipientsOf(["a", "b", "a", null, undefined, "me"], "me")).toEqual(["a", "b"]);
    expect(recipientsOf([null], null)).toEqual([]);
  });
});
