import { describe, expect, it } from "vitest";
import { ZHandoff, ZListHandoffsResponse } from "@/lib/schemas/handoffs";
import { ZModel } from "@/lib/schemas/models";
import { ZPromotionRequest } from "@/lib/schemas/promotions";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callRoute,
  createCast,
  createTestModel,
  createTestToken,
  createTestUser,
  seedDefaultPolicies,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as propose } from "../models/[modelId]/handoffs/route";
import { POST as override } from "../models/[modelId]/ownership/route";
import { POST as requestTransition } from "../versions/[versionId]/transitions/route";
import { POST as accept } from "./[handoffId]/accept/route";
import { POST as cancel } from "./[handoffId]/cancel/route";
import { POST as decline } from "./[handoffId]/decline/route";
import { GET as list } from "./route";

const db = useTestDatabase();

type Cast = Awaited<ReturnType<typeof createCast>>;

const CHECKLIST = {
  runbook: "https://wiki.example.com/runbooks/churn",
  monitoringAgreed: "AUC < 0.75 over 24 h pages the on-call engineer",
  rollbackPlan: "Roll back to the previous version from the model page",
  retrainingStrategy: "Monthly, or on a sustained drift alert",
  onCall: "#ml-oncall",
  knownLimitations: "Not validated for business customers",
};

/** A cast and a model of their team whose v1 runs in production, owned by cast.ds, without IT owner. */
async function setup(opts: { production?: boolean; criticality?: "INTERNAL" | "MISSION_CRITICAL" } = {}) {
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    criticality: opts.criticality,
    versions: [{ stage: opts.production === false ? "UAT" : "MONITORING", production: opts.production !== false }],
  });
  return { cast, model, versions };
}

const proposeAs = (token: string | undefined, modelId: string, body: Record<string, unknown>) =>
  callRoute(propose, { method: "POST", token, params: { modelId }, body });
const toIt = (cast: Cast, extra: Record<string, unknown> = {}) => ({
  direction: "DS_TO_IT",
  toUserId: cast.it.user.id,
  checklist: CHECKLIST,
  message: "Live since Monday",
  ...extra,
});
const acceptAs = (token: string | undefined, handoffId: string, body: unknown = {}) =>
  callRoute(accept, { method: "POST", token, params: { handoffId }, body });
const owners = async (modelId: string) =>
  db.prisma.model.findUniqueOrThrow({
    where: { id: modelId },
    select: { teamId: true, dsOwnerId: true, itOwnerId: true },
  });
const outbox = (type: string, handoffId: string) =>
  db.prisma.outboxEvent.count({ where: { type, payload: { path: ["data", "handoffId"], equals: handoffId } } });

describe("handoff flow", () => {
  it("DS → IT: proposed by the DS owner, accepted by the receiver; owners, history, audit and webhooks follow", async () => {
    const hook = await db.prisma.webhook.create({
      data: {
        url: "https://hooks.example.com/mg",
        secret: "s3cret-s3cret",
        events: ["handoff.proposed", "handoff.accepted"],
      },
    });
    const { cast, model } = await setup();
    const res = await proposeAs(cast.ds.token, model.slug, toIt(cast));
    expect(res.status).toBe(201);
    const h = ZHandoff.parse(res.json);
    expect([h.status, h.direction, h.from.id, h.to.id, h.proposedBy.id, h.modelSlug]).toEqual([
      "PROPOSED",
      "DS_TO_IT",
      cast.ds.user.id,
      cast.it.user.id,
      cast.ds.user.id,
      model.slug,
    ]);
    expect(h.checklist).toEqual(CHECKLIST);
    expect([h.fromTeam?.id, h.toTeam?.id]).toEqual([cast.team.id, cast.otherTeam.id]);

    const mine = ZListHandoffsResponse.parse(
      (await callRoute(list, { token: cast.it.token, path: `/x?status=PROPOSED&toUserId=${cast.it.user.id}` })).json,
    );
    expect(mine.items.map((x) => x.id)).toEqual([h.id]);
    expect(
      ZListHandoffsResponse.parse(
        (await callRoute(list, { token: cast.manager.token, path: `/x?modelId=${model.slug}` })).json,
      ).items,
    ).toHaveLength(1);

    const ok = await acceptAs(cast.it.token, h.id, { note: "Runbook reviewed" });
    expect(ok.status).toBe(200);
    const done = ZHandoff.parse(ok.json);
    expect([done.status, done.reason]).toEqual(["ACCEPTED", "Runbook reviewed"]);
    expect(done.decidedAt).not.toBeNull();
    expect(await owners(model.id)).toEqual({
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      itOwnerId: cast.it.user.id,
    });
    const history = await db.prisma.ownershipHistory.findMany({ where: { modelId: model.id } });
    expect(history.map((r) => [r.handoffId, r.itOwnerId, r.changedById])).toEqual([
      [h.id, cast.it.user.id, cast.it.user.id],
    ]);
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: h.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["handoff.proposed", "handoff.accepted"]);
    expect(audit[1]!.before).toMatchObject({ itOwnerId: null });
    expect(audit[1]!.after).toMatchObject({ itOwnerId: cast.it.user.id });
    expect(await outbox("handoff.proposed", h.id)).toBe(1);
    expect(await outbox("handoff.accepted", h.id)).toBe(1);
    expect(
      await db.prisma.webhookDelivery.count({
        where: { webhookId: hook.id, event: { payload: { path: ["data", "handoffId"], equals: h.id } } },
      }),
    ).toBe(2);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("IT → DS: the IT owner hands the model to a data scientist of another team; the team follows, the IT owner stays", async () => {
    const { cast, model } = await setup();
    await db.prisma.model.update({ where: { id: model.id }, data: { itOwnerId: cast.it.user.id } });
    const res = await proposeAs(cast.it.token, model.id, {
      direction: "IT_TO_DS",
      toUserId: cast.outsider.user.id,
      checklist: CHECKLIST,
    });
    expect(res.status).toBe(201);
    const h = ZHandoff.parse(res.json);
    expect([h.from.id, h.to.id]).toEqual([cast.it.user.id, cast.outsider.user.id]);
    expect((await acceptAs(cast.outsider.token, h.id)).status).toBe(200);
    expect(await owners(model.id)).toEqual({
      teamId: cast.otherTeam.id,
      dsOwnerId: cast.outsider.user.id,
      itOwnerId: cast.it.user.id,
    });
  });

  it("an administrator proposes for an owner who left; the from-user stays the owner, the proposer is recorded", async () => {
    const { cast, model } = await setup();
    await db.prisma.user.update({ where: { id: cast.ds.user.id }, data: { active: false } });
    const res = await proposeAs(cast.admin.token, model.id, toIt(cast));
    expect(res.status).toBe(201);
    const h = ZHandoff.parse(res.json);
    expect([h.from.id, h.from.active, h.proposedBy.id]).toEqual([cast.ds.user.id, false, cast.admin.user.id]);
    // The receiver works it, the admin may withdraw it, the departed owner could not.
    expect(
      (
        await callRoute(cancel, {
          method: "POST",
          token: cast.admin.token,
          params: { handoffId: h.id },
          body: { reason: "wrong person" },
        })
      ).status,
    ).toBe(200);
  });

  it("a mission-critical model waiting for MONITORING goes live when IT accepts the handoff", async () => {
    await seedDefaultPolicies(db.prisma);
    const cast = await createCast(db.prisma);
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      criticality: "MISSION_CRITICAL",
      versions: [{ stage: "DEPLOYMENT", production: true }],
    });
    await db.prisma.alertRule.create({
      data: {
        modelId: model.id,
        name: "AUC",
        kind: "METRIC_THRESHOLD",
        config: { metric: "auc", op: "<", value: 0.7 },
      },
    });
    const req = ZPromotionRequest.parse(
      (
        await callRoute(requestTransition, {
          method: "POST",
          token: cast.ds.token,
          params: { versionId: versions[0]!.id },
          body: { toStage: "MONITORING" },
        })
      ).json,
    );
    expect(req.status).toBe("PENDING");
    expect(req.gate!.requirements.filter((r) => !r.met).map((r) => r.key)).toEqual(["handoff"]);
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    expect((await acceptAs(cast.it.token, h.id)).status).toBe(200);
    expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("APPLIED");
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versions[0]!.id } })).stage).toBe(
      "MONITORING",
    );
  });
});

describe("who may do what", () => {
  it("only the receiver accepts: the proposer, another IT operator, an admin and a manager are refused; nothing changes", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    expect((await acceptAs(undefined, h.id)).status).toBe(401);
    for (const who of [cast.ds, cast.it2, cast.admin, cast.ds2]) {
      const r = await acceptAs(who.token, h.id);
      expect(r.status, who.user.email).toBe(403);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await acceptAs(cast.manager.token, h.id)).status).toBe(403); // no handoffs:decide at all
    const readOnly = await createTestToken(db.prisma, cast.it.user.id, ["read"]);
    expect((await acceptAs(readOnly, h.id)).status).toBe(403);
    expect(
      (
        await callRoute(decline, {
          method: "POST",
          token: cast.it2.token,
          params: { handoffId: h.id },
          body: { reason: "not mine" },
        })
      ).status,
    ).toBe(403);
    expect((await acceptAs(cast.it.token, "no-such-handoff")).status).toBe(404);
    expect((await db.prisma.handoff.findUniqueOrThrow({ where: { id: h.id } })).status).toBe("PROPOSED");
    expect((await owners(model.id)).itOwnerId).toBeNull();
    expect(await db.prisma.ownershipHistory.count({ where: { modelId: model.id } })).toBe(0);
  });

  it("refuses proposals from the wrong people, to the wrong people, too early or twice", async () => {
    const { cast, model } = await setup();
    expect((await proposeAs(undefined, model.id, toIt(cast))).status).toBe(401);
    expect((await proposeAs(cast.manager.token, model.id, toIt(cast))).status).toBe(403); // role
    expect((await proposeAs(cast.ds2.token, model.id, toIt(cast))).status).toBe(403); // not the DS owner
    expect(
      (await proposeAs(cast.it.token, model.id, { ...toIt(cast), direction: "IT_TO_DS", toUserId: cast.ds2.user.id }))
        .status,
    ).toBe(403); // not the IT owner
    const readOnly = await createTestToken(db.prisma, cast.ds.user.id, ["read"]);
    expect((await proposeAs(readOnly, model.id, toIt(cast))).status).toBe(403);
    expect((await proposeAs(cast.ds.token, "no-such-model", toIt(cast))).status).toBe(404);

    const notIt = await proposeAs(cast.ds.token, model.id, toIt(cast, { toUserId: cast.ds2.user.id }));
    expect([notIt.status, notIt.json.errors]).toEqual([
      422,
      [{ path: "toUserId", message: "The receiver must be in IT operations." }],
    ]);
    const { user: goneIt } = await createTestUser(db.prisma, { roles: ["IT_OPS"], active: false });
    expect((await proposeAs(cast.ds.token, model.id, toIt(cast, { toUserId: goneIt.id }))).json.errors).toEqual([
      { path: "toUserId", message: "The receiver is deactivated." },
    ]);
    expect((await proposeAs(cast.ds.token, model.id, toIt(cast, { toUserId: "nobody" }))).json.errors).toEqual([
      { path: "toUserId", message: "No user with this id." },
    ]);

    const early = await setup({ production: false });
    const tooEarly = await proposeAs(early.cast.ds.token, early.model.id, toIt(early.cast));
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json.errors[0].path).toBe("direction");

    const first = await proposeAs(cast.ds.token, model.id, toIt(cast));
    expect(first.status).toBe(201);
    const twice = await proposeAs(cast.ds.token, model.id, toIt(cast, { toUserId: cast.it2.user.id }));
    expect([twice.status, twice.json.pendingHandoffId]).toEqual([409, first.json.id]);
    expect(await db.prisma.handoff.count({ where: { modelId: { in: [model.id, early.model.id] } } })).toBe(1);
  });

  it("validates the checklist item by item, naming each field; nothing is written", async () => {
    const { cast, model } = await setup();
    const bad = await proposeAs(
      cast.ds.token,
      model.id,
      toIt(cast, { checklist: { ...CHECKLIST, runbook: "see the wiki", onCall: "   ", knownLimitations: undefined } }),
    );
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.json.errors).toEqual([
      {
        path: "checklist.runbook",
        message: "Give the runbook as an http(s) URL, e.g. https://wiki.example.com/runbooks/my-model.",
      },
      { path: "checklist.onCall", message: "Answer “On-call contact” before sending the handoff." },
      { path: "checklist.knownLimitations", message: "Answer “Known limitations” before sending the handoff." },
    ]);
    const extra = await proposeAs(
      cast.ds.token,
      model.id,
      toIt(cast, { checklist: { ...CHECKLIST, slaMinutes: "15" } }),
    );
    expect([extra.status, extra.json.errors[0].path]).toEqual([422, "checklist.slaMinutes"]);
    const noDirection = await proposeAs(cast.ds.token, model.id, { toUserId: cast.it.user.id, checklist: CHECKLIST });
    expect([noDirection.status, noDirection.json.errors[0].path]).toEqual([422, "direction"]);
    expect(await db.prisma.handoff.count({ where: { modelId: model.id } })).toBe(0);
    expect(
      await db.prisma.outboxEvent.count({
        where: { type: "handoff.proposed", payload: { path: ["data", "modelId"], equals: model.id } },
      }),
    ).toBe(0);
  });

  it("declines with a reason only; the proposer sees it, owners stay; a decided handoff cannot be decided again", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    const noReason = await callRoute(decline, {
      method: "POST",
      token: cast.it.token,
      params: { handoffId: h.id },
      body: {},
    });
    expect([noReason.status, noReason.json.errors]).toEqual([
      422,
      [{ path: "reason", message: "Invalid input: expected string, received undefined" }],
    ]);
    const blank = await callRoute(decline, {
      method: "POST",
      token: cast.it.token,
      params: { handoffId: h.id },
      body: { reason: "  " },
    });
    expect(blank.json.errors).toEqual([
      { path: "reason", message: "Say why you decline, so the proposer knows what to fix." },
    ]);
    const r = await callRoute(decline, {
      method: "POST",
      token: cast.it.token,
      params: { handoffId: h.id },
      body: { reason: "Runbook has no rollback section" },
    });
    expect(r.status).toBe(200);
    expect(ZHandoff.parse(r.json)).toMatchObject({ status: "DECLINED", reason: "Runbook has no rollback section" });
    expect(await outbox("handoff.declined", h.id)).toBe(1);
    expect((await owners(model.id)).itOwnerId).toBeNull();
    expect((await acceptAs(cast.it.token, h.id)).status).toBe(409);
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds.token, params: { handoffId: h.id }, body: {} })).status,
    ).toBe(409);
    // The model is free for a new proposal.
    expect((await proposeAs(cast.ds.token, model.id, toIt(cast))).status).toBe(201);
  });

  it("cancels: the proposer or an admin, while proposed", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.it.token, params: { handoffId: h.id }, body: {} })).status,
    ).toBe(403);
    expect((await callRoute(cancel, { method: "POST", params: { handoffId: h.id }, body: {} })).status).toBe(401);
    const ok = await callRoute(cancel, {
      method: "POST",
      token: cast.ds.token,
      params: { handoffId: h.id },
      body: { reason: "Wrong receiver" },
    });
    expect(ZHandoff.parse(ok.json)).toMatchObject({ status: "CANCELLED", reason: "Wrong receiver" });
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds.token, params: { handoffId: h.id }, body: {} })).status,
    ).toBe(409);
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds.token, params: { handoffId: "nope" }, body: {} }))
        .status,
    ).toBe(404);
  });

  it("lists with filters, validates the query, pages with a cursor", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    expect(
      ZListHandoffsResponse.parse(
        (await callRoute(list, { token: cast.manager.token, path: `/x?fromUserId=${cast.ds.user.id}` })).json,
      ).items.map((x) => x.id),
    ).toEqual([h.id]);
    expect(
      ZListHandoffsResponse.parse(
        (await callRoute(list, { token: cast.manager.token, path: `/x?status=ACCEPTED&modelId=${model.id}` })).json,
      ).items,
    ).toEqual([]);
    const bad = await callRoute(list, { token: cast.manager.token, path: "/x?status=DONE" });
    expect([bad.status, bad.json.errors[0].path]).toEqual([422, "query.status"]);
    expect((await callRoute(list, { path: "/x" })).status).toBe(401);
    // Two more on other models, then page by one.
    for (let i = 0; i < 2; i++) {
      const more = await createTestModel(db.prisma, {
        teamId: cast.team.id,
        dsOwnerId: cast.ds.user.id,
        versions: [{ stage: "MONITORING", production: true }],
      });
      await proposeAs(cast.ds.token, more.model.id, toIt(cast));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = ZListHandoffsResponse.parse(
        (
          await callRoute(list, {
            token: cast.it.token,
            path: `/x?toUserId=${cast.it.user.id}&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
          })
        ).json,
      );
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });
});

describe("concurrency", () => {
  it("ten simultaneous accepts by the receiver change ownership exactly once", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    const results = await Promise.all(Array.from({ length: 10 }, () => acceptAs(cast.it.token, h.id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await db.prisma.ownershipHistory.count({ where: { handoffId: h.id } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { entityId: h.id, action: "handoff.accepted" } })).toBe(1);
    expect(await outbox("handoff.accepted", h.id)).toBe(1);
    expect((await owners(model.id)).itOwnerId).toBe(cast.it.user.id);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("two simultaneous proposals on one model: one wins, the other is told a handoff is waiting", async () => {
    const { cast, model } = await setup();
    const [a, b] = await Promise.all([
      proposeAs(cast.ds.token, model.id, toIt(cast)),
      proposeAs(cast.ds.token, model.id, toIt(cast, { toUserId: cast.it2.user.id })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await db.prisma.handoff.count({ where: { modelId: model.id } })).toBe(1);
  });
});

describe("administrator override", () => {
  it("needs ownership:override and a reason; validates the new owners; cancels the proposed handoff; audits", async () => {
    const { cast, model } = await setup();
    const h = ZHandoff.parse((await proposeAs(cast.ds.token, model.id, toIt(cast))).json);
    const adminToken = await createTestToken(db.prisma, cast.admin.user.id, ["admin", "read"]);
    const call = (token: string | undefined, body: unknown) =>
      callRoute(override, { method: "POST", token, params: { modelId: model.slug }, body });

    expect((await call(undefined, { itOwnerId: cast.it2.user.id, reason: "x" })).status).toBe(401);
    expect((await call(cast.ds.token, { itOwnerId: cast.it2.user.id, reason: "x" })).status).toBe(403);
    expect((await call(cast.admin.token, { itOwnerId: cast.it2.user.id, reason: "x" })).status).toBe(403); // token without the admin scope
    const noReason = await call(adminToken, { itOwnerId: cast.it2.user.id });
    expect([noReason.status, noReason.json.errors[0].path]).toEqual([422, "reason"]);
    const nothing = await call(adminToken, { reason: "because" });
    expect([nothing.status, nothing.json.errors[0].path]).toEqual([422, "dsOwnerId"]);
    const wrong = await call(adminToken, {
      dsOwnerId: cast.it.user.id,
      itOwnerId: cast.ds2.user.id,
      teamId: "nope",
      reason: "reorg",
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors.map((e: { path: string }) => e.path)).toEqual(["dsOwnerId", "itOwnerId", "teamId"]);
    expect(await db.prisma.ownershipHistory.count({ where: { modelId: model.id } })).toBe(0);

    const ok = await call(adminToken, { itOwnerId: cast.it2.user.id, reason: "David is on leave for three months" });
    expect(ok.status).toBe(200);
    expect(ZModel.parse(ok.json).itOwner?.id).toBe(cast.it2.user.id);
    expect((await db.prisma.handoff.findUniqueOrThrow({ where: { id: h.id } })).status).toBe("CANCELLED");
    const row = await db.prisma.ownershipHistory.findFirstOrThrow({ where: { modelId: model.id } });
    expect([row.itOwnerId, row.changedById, row.reason]).toEqual([
      cast.it2.user.id,
      cast.admin.user.id,
      "Administrator override: David is on leave for three months",
    ]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: model.id, action: "ownership.overridden" },
    });
    expect(audit.metadata).toMatchObject({ reason: "David is on leave for three months", cancelledHandoffIds: [h.id] });
    expect((await acceptAs(cast.it.token, h.id)).status).toBe(409);
    // Clearing the IT owner is an override too.
    expect(
      ZModel.parse((await call(adminToken, { itOwnerId: null, reason: "Decommissioned" })).json).itOwner,
    ).toBeNull();
  });
});
