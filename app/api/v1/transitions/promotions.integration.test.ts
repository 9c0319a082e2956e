import { describe, expect, it } from "vitest";
import { ZPromotionRequest, ZListPromotionsResponse } from "@/lib/schemas/promotions";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callRoute,
  createCast,
  createTestUser,
  createTestToken,
  seedDefaultPolicies,
  uniq,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as createModel } from "../models/route";
import { POST as registerVersion } from "../models/[modelId]/versions/route";
import { POST as reportCheck } from "../versions/[versionId]/checks/route";
import { GET as getGate } from "../versions/[versionId]/gate/route";
import { GET as listVersionRequests, POST as requestTransition } from "../versions/[versionId]/transitions/route";
import { GET as queue } from "../approvals/queue/route";
import { POST as cancel } from "./[requestId]/cancel/route";
import { POST as decide } from "./[requestId]/decision/route";
import { GET as listTransitions } from "./route";

const db = useTestDatabase();

type Cast = Awaited<ReturnType<typeof createCast>>;

const VERSION = {
  artifactUri: "s3://bucket/m/model.pkl",
  framework: "xgboost 2.0",
  gitCommit: "abcdef1",
  trainingDataset: "s3://lake/train.parquet",
  metrics: { auc: 0.86 },
  featureSchema: [{ name: "x", type: "numeric" }],
};

async function setup(criticality: "INTERNAL" | "MISSION_CRITICAL" = "INTERNAL") {
  await seedDefaultPolicies(db.prisma);
  const cast = await createCast(db.prisma);
  const m = await callRoute(createModel, {
    method: "POST",
    token: cast.ds.token,
    body: {
      slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
      title: "M",
      problemType: "CLASSIFICATION",
      criticality,
      teamId: cast.team.id,
    },
  });
  expect(m.status).toBe(201);
  const v = await callRoute(registerVersion, {
    method: "POST",
    token: cast.ds.token,
    params: { modelId: m.json.id },
    body: VERSION,
  });
  expect(v.status).toBe(201);
  return { cast, modelId: m.json.id as string, versionId: v.json.id as string };
}

const ask = (cast: Cast, who: keyof Cast, versionId: string, toStage: string, justification = "") =>
  callRoute(requestTransition, {
    method: "POST",
    token: (cast[who] as { token: string }).token,
    params: { versionId },
    body: { toStage, justification },
  });
const vote = (token: string, requestId: string, decision: "APPROVE" | "REJECT", comment = "") =>
  callRoute(decide, { method: "POST", token, params: { requestId }, body: { decision, comment } });
const stageOf = async (versionId: string) =>
  (await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).stage;

/** Moves a version to UAT through the real gates (INTERNAL: no approvals before DEPLOYMENT). */
async function toUat(cast: Cast, versionId: string) {
  expect((await ask(cast, "ds", versionId, "INDUSTRIALIZATION")).json.status).toBe("APPLIED");
  for (const name of ["unit-tests", "data-validation", "bias-review"])
    await callRoute(reportCheck, {
      method: "POST",
      token: cast.ds.token,
      params: { versionId },
      body: { name, status: "PASS" },
    });
  await db.prisma.referenceDataset.create({ data: { versionId, columns: { x: [1, 2, 3] }, rowCount: 3 } });
  const r = await ask(cast, "ds", versionId, "UAT");
  expect(r.json.status, JSON.stringify(r.json.gate)).toBe("APPLIED");
}

describe("promotion requests", () => {
  it("applies an open gate at once and records history, audit and an outbox event", async () => {
    const { cast, versionId } = await setup();
    const r = await ask(cast, "ds", versionId, "INDUSTRIALIZATION", "Ready");
    expect(r.status).toBe(201);
    const req = ZPromotionRequest.parse(r.json);
    expect(req.status).toBe("APPLIED");
    expect(req.gate?.open).toBe(true);
    expect(req.policy?.version).toBe(1);
    expect(await stageOf(versionId)).toBe("INDUSTRIALIZATION");
    expect(
      (await db.prisma.stageHistory.findMany({ where: { versionId }, orderBy: { enteredAt: "asc" } })).map(
        (h) => h.toStage,
      ),
    ).toEqual(["DESIGN", "INDUSTRIALIZATION"]);
    expect(await db.prisma.auditEvent.count({ where: { entityId: versionId, action: "version.stage_changed" } })).toBe(
      1,
    );
    expect(
      await db.prisma.outboxEvent.count({
        where: { type: "version.stage_changed", payload: { path: ["data", "versionId"], equals: versionId } },
      }),
    ).toBe(1);
  });

  it("keeps a closed automated gate pending with what is missing, and opens it when evidence arrives", async () => {
    const { cast, versionId } = await setup();
    await ask(cast, "ds", versionId, "INDUSTRIALIZATION");
    const r = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "UAT")).json);
    expect(r.status).toBe("PENDING");
    expect(r.gate!.requirements.filter((x) => !x.met).map((x) => x.key)).toEqual([
      "check:unit-tests",
      "check:data-validation",
      "reference-dataset",
    ]);
    const gate = await callRoute(getGate, { token: cast.manager.token, params: { versionId } });
    expect(gate.json.preview.requestId).toBe(r.id);
    await db.prisma.referenceDataset.create({ data: { versionId, columns: { x: [1] }, rowCount: 1 } });
    await callRoute(reportCheck, {
      method: "POST",
      token: cast.it.token,
      params: { versionId },
      body: { name: "unit-tests", status: "PASS" },
    });
    expect(await stageOf(versionId)).toBe("INDUSTRIALIZATION");
    await callRoute(reportCheck, {
      method: "POST",
      token: cast.it.token,
      params: { versionId },
      body: { name: "data-validation", status: "PASS" },
    });
    expect(await stageOf(versionId)).toBe("UAT");
    expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("APPLIED");
  });

  it("refuses skipped stages, backward moves, duplicates and the wrong roles; writes nothing", async () => {
    const { cast, versionId } = await setup();
    const skip = await ask(cast, "ds", versionId, "UAT");
    expect(skip.status).toBe(422);
    expect(skip.json.errors[0]).toEqual({
      path: "toStage",
      message: "DESIGN → UAT is not allowed: from DESIGN the next stage is INDUSTRIALIZATION (or ARCHIVED).",
    });
    expect((await ask(cast, "ds", versionId, "DESIGN")).status).toBe(422);
    expect((await ask(cast, "ds", versionId, "LIVE")).status).toBe(422);
    expect((await ask(cast, "it", versionId, "INDUSTRIALIZATION")).status).toBe(403); // IT does not ask for industrialization
    expect((await ask(cast, "outsider", versionId, "INDUSTRIALIZATION")).status).toBe(403); // another team
    expect((await ask(cast, "manager", versionId, "INDUSTRIALIZATION")).status).toBe(403); // no promotions:request
    expect(
      (
        await callRoute(requestTransition, {
          method: "POST",
          params: { versionId },
          body: { toStage: "INDUSTRIALIZATION" },
        })
      ).status,
    ).toBe(401);
    const readOnly = await createTestToken(db.prisma, cast.ds.user.id, ["read"]);
    expect(
      (
        await callRoute(requestTransition, {
          method: "POST",
          token: readOnly,
          params: { versionId },
          body: { toStage: "INDUSTRIALIZATION" },
        })
      ).status,
    ).toBe(403);
    expect(await db.prisma.transitionRequest.count({ where: { versionId } })).toBe(0);
    expect(await stageOf(versionId)).toBe("DESIGN");
    // The owner's request is needed: a peer's request stays pending.
    const peer = ZPromotionRequest.parse((await ask(cast, "ds2", versionId, "INDUSTRIALIZATION")).json);
    expect(peer.status).toBe("PENDING");
    expect(peer.gate!.requirements.find((x) => x.key === "owner-request")!.met).toBe(false);
    const dup = await ask(cast, "ds", versionId, "INDUSTRIALIZATION");
    expect(dup.status).toBe(409);
    expect(dup.json.pendingRequestId).toBe(peer.id);
  });

  it("cancels: only the requester or an admin, only while pending; the version stays", async () => {
    const { cast, versionId } = await setup();
    const peer = ZPromotionRequest.parse((await ask(cast, "ds2", versionId, "INDUSTRIALIZATION")).json);
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds.token, params: { requestId: peer.id }, body: {} }))
        .status,
    ).toBe(403);
    const ok = await callRoute(cancel, {
      method: "POST",
      token: cast.ds2.token,
      params: { requestId: peer.id },
      body: { reason: "wrong version" },
    });
    expect(ok.status).toBe(200);
    expect(ZPromotionRequest.parse(ok.json).status).toBe("CANCELLED");
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds2.token, params: { requestId: peer.id }, body: {} }))
        .status,
    ).toBe(409);
    expect(
      (await callRoute(cancel, { method: "POST", token: cast.ds2.token, params: { requestId: "nope" }, body: {} }))
        .status,
    ).toBe(404);
    const v = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } });
    expect([v.stage, v.status]).toEqual(["DESIGN", "READY"]);
    const list = ZListPromotionsResponse.parse(
      (await callRoute(listVersionRequests, { token: cast.manager.token, params: { versionId } })).json,
    );
    expect(list.items.map((r) => r.status)).toEqual(["CANCELLED"]);
  });

  it("archives at once, but never a version live in production", async () => {
    const { cast, versionId, modelId } = await setup();
    const env = await db.prisma.environment.upsert({
      where: { name: "production" },
      create: { name: "production", isProduction: true },
      update: {},
    });
    await db.prisma.deployment.create({ data: { modelId, versionId, environmentId: env.id } });
    expect((await ask(cast, "ds", versionId, "ARCHIVED")).status).toBe(409);
    await db.prisma.deployment.updateMany({ where: { versionId }, data: { status: "SUPERSEDED" } });
    const r = await ask(cast, "ds", versionId, "ARCHIVED", "Abandoned");
    expect(r.json.status).toBe("APPLIED");
    expect(await stageOf(versionId)).toBe("ARCHIVED");
    expect((await ask(cast, "ds", versionId, "INDUSTRIALIZATION")).status).toBe(422);
  });
});

describe("approvals", () => {
  it("DEPLOYMENT (internal): the IT reviewer's approval applies the move; the requester sees the outcome", async () => {
    const { cast, versionId } = await setup();
    await toUat(cast, versionId);
    const req = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "DEPLOYMENT", "UAT signed off")).json);
    expect(req.status).toBe("PENDING");
    const q = await callRoute(queue, { token: cast.it.token });
    expect(q.json.items.map((r: { id: string }) => r.id)).toContain(req.id);
    expect(
      (await callRoute(queue, { token: cast.manager.token })).json.items.map((r: { id: string }) => r.id),
    ).not.toContain(req.id);
    expect(
      (await callRoute(queue, { token: cast.ds.token })).json.items.map((r: { id: string }) => r.id),
    ).not.toContain(req.id);
    const res = await vote(cast.it.token, req.id, "APPROVE", "LGTM");
    expect(res.status).toBe(200);
    const after = ZPromotionRequest.parse(res.json);
    expect(after.status).toBe("APPLIED");
    expect(after.approvals.map((a) => [a.approver.id, a.role, a.decision])).toEqual([
      [cast.it.user.id, "IT_OPS", "APPROVE"],
    ]);
    expect(await stageOf(versionId)).toBe("DEPLOYMENT");
    expect((await vote(cast.it2.token, req.id, "APPROVE")).status).toBe(409);
    expect(
      await db.prisma.outboxEvent.count({
        where: { type: "approval.decided", payload: { path: ["data", "requestId"], equals: req.id } },
      }),
    ).toBe(1);
  });

  it("DEPLOYMENT (mission-critical): needs IT and a manager; a rejection needs a comment and returns the request", async () => {
    const { cast, versionId } = await setup("MISSION_CRITICAL");
    await db.prisma.approval.deleteMany({});
    // Mission-critical INDUSTRIALIZATION needs a peer approval.
    const ind = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "INDUSTRIALIZATION")).json);
    expect(ind.status).toBe("PENDING");
    expect((await vote(cast.ds2.token, ind.id, "APPROVE")).json.status).toBe("APPLIED");
    for (const name of ["unit-tests", "data-validation", "bias-review"])
      await callRoute(reportCheck, {
        method: "POST",
        token: cast.ds.token,
        params: { versionId },
        body: { name, status: "PASS" },
      });
    await db.prisma.referenceDataset.create({ data: { versionId, columns: { x: [1] }, rowCount: 1 } });
    expect((await ask(cast, "ds", versionId, "UAT")).json.status).toBe("APPLIED");
    const req = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "DEPLOYMENT")).json);
    expect((await vote(cast.it.token, req.id, "APPROVE")).json.status).toBe("PENDING");
    const noComment = await vote(cast.manager.token, req.id, "REJECT");
    expect(noComment.status).toBe(422);
    expect(noComment.json.errors).toEqual([
      { path: "comment", message: "A rejection needs a comment saying what to fix." },
    ]);
    const rej = ZPromotionRequest.parse(
      (await vote(cast.manager.token, req.id, "REJECT", "Business case missing")).json,
    );
    expect([rej.status, rej.resolution]).toEqual(["REJECTED", "Business case missing"]);
    const v = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } });
    expect([v.stage, v.status]).toEqual(["UAT", "REJECTED"]);
    // A new request after the fix goes through with both approvals.
    const again = ZPromotionRequest.parse(
      (await ask(cast, "ds", versionId, "DEPLOYMENT", "Business case attached")).json,
    );
    expect((await vote(cast.manager.token, again.id, "APPROVE")).json.status).toBe("PENDING");
    expect((await vote(cast.it.token, again.id, "APPROVE")).json.status).toBe("APPLIED");
  });

  it("separation of duties and role rules", async () => {
    const { cast, versionId } = await setup();
    await toUat(cast, versionId);
    // An IT requester cannot approve their own request; a manager has no IT role; an admin gets no bypass.
    const req = ZPromotionRequest.parse((await ask(cast, "it", versionId, "DEPLOYMENT")).json);
    expect((await vote(cast.it.token, req.id, "APPROVE")).status).toBe(403);
    expect((await vote(cast.manager.token, req.id, "APPROVE")).status).toBe(403);
    expect((await vote(cast.admin.token, req.id, "APPROVE")).status).toBe(403);
    expect((await vote(cast.ds.token, req.id, "APPROVE")).status).toBe(403); // the version's creator
    expect(
      (await callRoute(decide, { method: "POST", params: { requestId: req.id }, body: { decision: "APPROVE" } }))
        .status,
    ).toBe(401);
    expect(await db.prisma.approval.count({ where: { requestId: req.id } })).toBe(0);
    // A person holding both roles counts once; a deactivated approver's vote stops counting.
    const dual = await createTestUser(db.prisma, { roles: ["IT_OPS", "MANAGER"] });
    const dualToken = await createTestToken(db.prisma, dual.user.id, ["write", "read"]);
    expect((await vote(dualToken, req.id, "APPROVE")).json.status).toBe("APPLIED");
  });

  it("judges a request by the policy version it was opened under", async () => {
    const { cast, versionId } = await setup();
    await toUat(cast, versionId);
    const req = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "DEPLOYMENT")).json);
    // An admin tightens the policy afterwards: two IT approvals.
    const current = await db.prisma.gatePolicy.findFirstOrThrow({
      where: { targetStage: "DEPLOYMENT", criticality: "INTERNAL", isCurrent: true },
    });
    await db.prisma.gatePolicy.update({ where: { id: current.id }, data: { isCurrent: false } });
    await db.prisma.gatePolicy.create({
      data: {
        targetStage: "DEPLOYMENT",
        criticality: "INTERNAL",
        version: current.version + 1,
        requirements: { ...(current.requirements as object), approvals: [{ role: "IT_OPS", count: 2 }] },
      },
    });
    const after = ZPromotionRequest.parse((await vote(cast.it.token, req.id, "APPROVE")).json);
    expect(after.status).toBe("APPLIED");
    expect(after.policy).toEqual({ id: current.id, version: current.version, isCurrent: false });
  });

  it("a deactivated approver's pending vote no longer counts", async () => {
    const { cast, versionId } = await setup("MISSION_CRITICAL");
    await db.prisma.modelVersion.update({ where: { id: versionId }, data: { stage: "UAT" } });
    const req = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "DEPLOYMENT")).json);
    await vote(cast.it.token, req.id, "APPROVE");
    await db.prisma.user.update({ where: { id: cast.it.user.id }, data: { active: false } });
    const r = ZPromotionRequest.parse((await vote(cast.manager.token, req.id, "APPROVE")).json);
    expect(r.status).toBe("PENDING");
    expect(r.gate!.requirements.find((x) => x.key === "approval:IT_OPS")!.met).toBe(false);
    expect((await vote(cast.it2.token, req.id, "APPROVE")).json.status).toBe("APPLIED");
  });

  it("30 concurrent approvals (two reviewers, each clicking many times) apply the move exactly once", async () => {
    const { cast, versionId } = await setup("MISSION_CRITICAL");
    await db.prisma.modelVersion.update({ where: { id: versionId }, data: { stage: "UAT" } });
    const req = ZPromotionRequest.parse((await ask(cast, "ds", versionId, "DEPLOYMENT")).json);
    const tokens = Array.from({ length: 30 }, (_, i) => (i % 2 ? cast.it.token : cast.manager.token));
    const results = await Promise.all(tokens.map((t) => vote(t, req.id, "APPROVE")));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(2);
    expect(results.filter((r) => r.status === 409)).toHaveLength(28);
    expect(await db.prisma.approval.count({ where: { requestId: req.id } })).toBe(2);
    expect(await db.prisma.stageHistory.count({ where: { versionId, toStage: "DEPLOYMENT" } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { entityId: versionId, action: "version.stage_changed" } })).toBe(
      1,
    );
    expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("APPLIED");
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("lists requests with filters and cursor paging", async () => {
    const { cast, versionId, modelId } = await setup();
    await ask(cast, "ds", versionId, "INDUSTRIALIZATION");
    const r = ZListPromotionsResponse.parse(
      (await callRoute(listTransitions, { token: cast.manager.token, path: `/x?modelId=${modelId}` })).json,
    );
    expect(r.items).toHaveLength(1);
    expect((await callRoute(listTransitions, { token: cast.manager.token, path: "/x?status=DONE" })).status).toBe(422);
  });
});
