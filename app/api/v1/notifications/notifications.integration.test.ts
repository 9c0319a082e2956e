import { describe, expect, it } from "vitest";
import { ZListNotificationsResponse } from "@/lib/schemas/notifications";
import { evaluateModelAlerts } from "@/lib/server/alerts/evaluate-alert-rules";
import {
  callRoute,
  createCast,
  createTestAlertRule,
  createTestModel,
  insertTestMetrics,
  seedDefaultPolicies,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as proposeHandoff } from "../models/[modelId]/handoffs/route";
import { POST as acceptHandoff } from "../handoffs/[handoffId]/accept/route";
import { POST as declineHandoff } from "../handoffs/[handoffId]/decline/route";
import { POST as decide } from "../transitions/[requestId]/decision/route";
import { POST as requestTransition } from "../versions/[versionId]/transitions/route";
import { POST as markRead } from "./read/route";
import { GET as list } from "./route";

const db = useTestDatabase();
const HOUR = 3_600_000;
const CHECKLIST = {
  runbook: "https://wiki.example.com/rb",
  monitoringAgreed: "AUC alert",
  rollbackPlan: "Roll back",
  retrainingStrategy: "Monthly",
  onCall: "#oncall",
  knownLimitations: "None known",
};

const inbox = async (token: string, qs = "") => {
  const r = await callRoute(list, { token, path: `/api/v1/notifications${qs}` });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return ZListNotificationsResponse.parse(r.json);
};

describe("notifications", () => {
  it("tells the requester who approved and who rejected, in the decision's transaction; never the decider", async () => {
    await seedDefaultPolicies(db.prisma);
    const cast = await createCast(db.prisma);
    // INTERNAL → DEPLOYMENT needs one IT approval (DESIGN.md 2.3).
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "UAT" }, { stage: "UAT" }],
    });
    const ask = async (versionId: string) =>
      (
        await callRoute(requestTransition, {
          method: "POST",
          token: cast.ds.token,
          params: { versionId },
          body: { toStage: "DEPLOYMENT", justification: "ready" },
        })
      ).json.id as string;
    const r1 = await ask(versions[0]!.id);
    const r2 = await ask(versions[1]!.id);
    expect(
      (
        await callRoute(decide, {
          method: "POST",
          token: cast.it.token,
          params: { requestId: r1 },
          body: { decision: "APPROVE", comment: "ok" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await callRoute(decide, {
          method: "POST",
          token: cast.it2.token,
          params: { requestId: r2 },
          body: { decision: "REJECT", comment: "No rollback plan" },
        })
      ).status,
    ).toBe(200);
    const mine = await inbox(cast.ds.token);
    expect(mine.unreadCount).toBe(2);
    expect(mine.items.map((n) => [n.kind, n.title, n.body, n.link])).toEqual([
      [
        "promotion_decided",
        `${cast.it2.user.name} rejected ${model.slug} v2 → Deployment`,
        "No rollback plan",
        `/models/${model.slug}/versions/2`,
      ],
      [
        "promotion_decided",
        `${cast.it.user.name} approved ${model.slug} v1 → Deployment: promoted`,
        "ok",
        `/models/${model.slug}/versions/1`,
      ],
    ]);
    expect((await inbox(cast.it.token)).items).toHaveLength(0);

    // Marking: someone else's ids match nothing; then one, then all.
    const other = await callRoute(markRead, {
      method: "POST",
      token: cast.it.token,
      body: { ids: [mine.items[0]!.id] },
    });
    expect(other.json).toEqual({ marked: 0, unreadCount: 0 });
    expect(
      (await callRoute(markRead, { method: "POST", token: cast.ds.token, body: { ids: [mine.items[0]!.id] } })).json,
    ).toEqual({ marked: 1, unreadCount: 1 });
    expect((await inbox(cast.ds.token, "?unread=true")).items.map((n) => n.id)).toEqual([mine.items[1]!.id]);
    expect((await callRoute(markRead, { method: "POST", token: cast.ds.token, body: { all: true } })).json).toEqual({
      marked: 1,
      unreadCount: 0,
    });
    // Paging: one per page visits both, newest first.
    const p1 = await inbox(cast.ds.token, "?limit=1");
    const p2 = await inbox(cast.ds.token, `?limit=1&cursor=${p1.nextCursor}`);
    expect([...p1.items, ...p2.items].map((n) => n.id)).toEqual(mine.items.map((n) => n.id));
    expect(p2.nextCursor).toBeNull();
  });

  it("tells the receiver of a handoff, and the proposer of the answer", async () => {
    const cast = await createCast(db.prisma);
    const { model } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    const h1 = await callRoute(proposeHandoff, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.id },
      body: { direction: "DS_TO_IT", toUserId: cast.it.user.id, checklist: CHECKLIST },
    });
    expect(h1.status, JSON.stringify(h1.json)).toBe(201);
    expect((await inbox(cast.it.token)).items.map((n) => [n.kind, n.link])).toEqual([
      ["handoff_proposed", "/handoffs"],
    ]);
    expect(
      (
        await callRoute(declineHandoff, {
          method: "POST",
          token: cast.it.token,
          params: { handoffId: h1.json.id },
          body: { reason: "Runbook missing" },
        })
      ).status,
    ).toBe(200);
    const h2 = await callRoute(proposeHandoff, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.id },
      body: { direction: "DS_TO_IT", toUserId: cast.it.user.id, checklist: CHECKLIST },
    });
    expect(
      (
        await callRoute(acceptHandoff, {
          method: "POST",
          token: cast.it.token,
          params: { handoffId: h2.json.id },
          body: {},
        })
      ).status,
    ).toBe(200);
    expect((await inbox(cast.ds.token)).items.map((n) => [n.kind, n.title, n.body])).toEqual([
      ["handoff_answered", `${cast.it.user.name} accepted the handoff of ${model.slug}`, ""],
      ["handoff_answered", `${cast.it.user.name} declined the handoff of ${model.slug}`, "Runbook missing"],
    ]);
  });

  it("tells a model's owners of an alert and a retraining request on it, not other people; 401 without credentials", async () => {
    const cast = await createCast(db.prisma);
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      itOwnerId: cast.it.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    await db.prisma.deployment.updateMany({
      where: { modelId: model.id },
      data: { deployedAt: new Date(now.getTime() - 30 * 24 * HOUR) },
    });
    await createTestAlertRule(db.prisma, model.id, {
      kind: "METRIC_THRESHOLD",
      config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
      severity: "CRITICAL",
      retrain: true,
      name: "AUC decay",
    });
    await insertTestMetrics(
      db.prisma,
      versions[0]!.id,
      Array.from({ length: 48 }, (_, h) => ({ name: "auc", value: 0.7, ts: new Date(now.getTime() - h * HOUR) })),
    );
    expect(await db.prisma.$transaction((tx) => evaluateModelAlerts(tx, { modelId: model.id, now }))).toMatchObject({
      opened: 1,
      retrainingRequested: 1,
    });
    for (const owner of [cast.ds, cast.it]) {
      expect((await inbox(owner.token)).items.map((n) => [n.kind, n.title, n.link])).toEqual([
        ["retraining_requested", `Retraining requested for ${model.slug}`, `/models/${model.slug}`],
        ["alert_opened", `Critical alert on ${model.slug}: AUC decay`, `/alerts?modelId=${model.id}`],
      ]);
    }
    expect((await inbox(cast.manager.token)).items).toHaveLength(0);
    expect((await callRoute(list, { path: "/api/v1/notifications" })).status).toBe(401);
    expect((await callRoute(markRead, { method: "POST", token: cast.ds.token, body: { ids: [] } })).status).toBe(422);
  });
});
