import { describe, expect, it } from "vitest";
import { ZUser, ZUserResponsibilities } from "@/lib/schemas/users";
import {
  callRoute,
  createCast,
  createTestModel,
  createTestToken,
  createTestUser,
  seedDefaultPolicies,
  sessionCookie,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as propose } from "../models/[modelId]/handoffs/route";
import { PATCH as updateUser } from "./[userId]/route";
import { GET as responsibilities } from "./[userId]/responsibilities/route";

const db = useTestDatabase();

const CHECKLIST = {
  runbook: "https://wiki.example.com/runbooks/x",
  monitoringAgreed: "yes",
  rollbackPlan: "previous version",
  retrainingStrategy: "quarterly",
  onCall: "#ml-oncall",
  knownLimitations: "none known",
};

describe("GET /api/v1/users/{userId}/responsibilities and deactivation", () => {
  it("lists the models a user owns, the approvals they hold and the handoffs waiting on them; deactivation cancels those handoffs", async () => {
    await seedDefaultPolicies(db.prisma);
    const cast = await createCast(db.prisma);
    const adminCookie = await sessionCookie(cast.admin.user.id);
    // ds owns a live model (IT: it) and a design model; it is IT owner of the live one.
    const live = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      itOwnerId: cast.it.user.id,
      slug: "resp-live",
      versions: [{ stage: "MONITORING", production: true }],
    });
    await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      slug: "resp-design",
      versions: [{ stage: "DESIGN" }],
    });
    const waiting = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds2.user.id,
      slug: "resp-waiting",
      versions: [{ stage: "MONITORING", production: true }],
    });
    // it approved a pending request on another model.
    const other = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds2.user.id,
      criticality: "MISSION_CRITICAL",
      slug: "resp-other",
      versions: [{ stage: "UAT" }],
    });
    const req = await db.prisma.transitionRequest.create({
      data: {
        versionId: other.versions[0]!.id,
        fromStage: "UAT",
        toStage: "DEPLOYMENT",
        requesterId: cast.ds2.user.id,
      },
    });
    await db.prisma.approval.create({
      data: { requestId: req.id, approverId: cast.it.user.id, role: "IT_OPS", decision: "APPROVE" },
    });
    // A handoff waits on it.
    const h = await callRoute(propose, {
      method: "POST",
      token: cast.ds2.token,
      params: { modelId: waiting.model.id },
      body: { direction: "DS_TO_IT", toUserId: cast.it.user.id, checklist: CHECKLIST },
    });
    expect(h.status).toBe(201);

    const ds = ZUserResponsibilities.parse(
      (await callRoute(responsibilities, { cookie: adminCookie, params: { userId: cast.ds.user.id } })).json,
    );
    expect(ds.models.map((m) => [m.slug, m.holds, m.inProduction, m.reassignWith])).toEqual([
      ["resp-design", ["DS_OWNER"], false, ["IT_TO_DS"]],
      ["resp-live", ["DS_OWNER"], true, ["IT_TO_DS"]],
    ]);
    const it = ZUserResponsibilities.parse(
      (await callRoute(responsibilities, { cookie: adminCookie, params: { userId: cast.it.user.id } })).json,
    );
    expect(it.models.map((m) => [m.slug, m.holds, m.reassignWith])).toEqual([
      ["resp-live", ["IT_OWNER"], ["DS_TO_IT"]],
    ]);
    expect(it.approvals.map((a) => [a.requestId, a.modelSlug, a.versionNumber, a.toStage, a.role])).toEqual([
      [req.id, "resp-other", 1, "DEPLOYMENT", "IT_OPS"],
    ]);
    expect(it.handoffsToUser.map((x) => [x.id, x.modelSlug])).toEqual([[h.json.id, "resp-waiting"]]);
    expect(live.model.id).toBe(it.models[0]!.id);

    const off = await callRoute(updateUser, {
      method: "PATCH",
      cookie: adminCookie,
      params: { userId: cast.it.user.id },
      body: { active: false },
    });
    expect(ZUser.parse(off.json).active).toBe(false);
    const cancelled = await db.prisma.handoff.findUniqueOrThrow({ where: { id: h.json.id } });
    expect([cancelled.status, cancelled.reason]).toEqual(["CANCELLED", "The receiver was deactivated."]);
    expect(await db.prisma.auditEvent.count({ where: { entityId: h.json.id, action: "handoff.cancelled" } })).toBe(1);
    const after = ZUserResponsibilities.parse(
      (await callRoute(responsibilities, { cookie: adminCookie, params: { userId: cast.it.user.id } })).json,
    );
    expect(after.user.active).toBe(false);
    expect(after.handoffsToUser).toEqual([]);
    expect(after.models).toHaveLength(1); // still the IT owner until someone takes over
  });

  it("is for administrators only; unknown users are 404", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user: ds } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const adminRead = await createTestToken(db.prisma, admin.id, ["read"]);
    const dsToken = await createTestToken(db.prisma, ds.id, ["read", "write", "admin"]);
    const adminCookie = await sessionCookie(admin.id);
    // No token manages users, whatever its scopes (issue 16).
    expect(
      (
        await callRoute(responsibilities, {
          token: await createTestToken(db.prisma, admin.id, ["admin"]),
          params: { userId: ds.id },
        })
      ).status,
    ).toBe(403);
    expect((await callRoute(responsibilities, { params: { userId: ds.id } })).status).toBe(401);
    expect((await callRoute(responsibilities, { token: dsToken, params: { userId: ds.id } })).status).toBe(403);
    expect((await callRoute(responsibilities, { token: adminRead, params: { userId: ds.id } })).status).toBe(403);
    expect((await callRoute(responsibilities, { cookie: adminCookie, params: { userId: "nobody" } })).status).toBe(404);
    const empty = ZUserResponsibilities.parse(
      (await callRoute(responsibilities, { cookie: adminCookie, params: { userId: ds.id } })).json,
    );
    expect([empty.models, empty.approvals, empty.handoffsToUser]).toEqual([[], [], []]);
  });
});
