import { describe, expect, it } from "vitest";
import { installDatabase } from "@/lib/db/client";
import { defaultGateRequirements, EMPTY_GATE_REQUIREMENTS, type TGateRequirements } from "@/lib/domain/gates/policy";
import { ZGatePolicy, ZListGatePoliciesResponse } from "@/lib/schemas/gate-policies";
import { ZGatePreviewResponse, ZPromotionRequest } from "@/lib/schemas/promotions";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callRoute,
  createCast,
  createTestToken,
  createTestUser,
  seedDefaultPolicies,
  sessionCookie,
  uniq,
} from "@/lib/testing/factories";
import { createTestDatabase, useTestDatabase } from "@/lib/testing/test-db";
import { POST as createModel } from "../models/route";
import { POST as registerVersion } from "../models/[modelId]/versions/route";
import { POST as decide } from "../transitions/[requestId]/decision/route";
import { GET as previewGate } from "../versions/[versionId]/gate/route";
import { POST as requestTransition } from "../versions/[versionId]/transitions/route";
import { PUT } from "./[stage]/[criticality]/route";
import { GET } from "./route";

const db = useTestDatabase();

type Pair = { stage: string; criticality: string };

const save = (pair: Pair, body: unknown, auth: { token?: string; cookie?: string }) =>
  callRoute(PUT, { method: "PUT", ...auth, params: { stage: pair.stage, criticality: pair.criticality }, body });

const list = async (token: string) => {
  const res = await callRoute(GET, { token });
  expect(res.status).toBe(200);
  return ZListGatePoliciesResponse.parse(res.json);
};

const currentOf = (pair: Pair) =>
  db.prisma.gatePolicy.findFirstOrThrow({
    where: { targetStage: pair.stage as never, criticality: pair.criticality as never, isCurrent: true },
  });

async function setup() {
  await seedDefaultPolicies(db.prisma);
  const cast = await createCast(db.prisma);
  const adminToken = await createTestToken(db.prisma, cast.admin.user.id, ["admin", "read"]);
  return { cast, adminToken };
}

describe("GET /api/v1/gate-policies", () => {
  it("lists every (stage, criticality) pair with its current version and history, for anyone who reads models", async () => {
    const { cast } = await setup();
    const res = await list(cast.ds.token);
    expect(res.items.map((p) => `${p.targetStage}/${p.criticality}`)).toEqual([
      "INDUSTRIALIZATION/INTERNAL",
      "INDUSTRIALIZATION/MISSION_CRITICAL",
      "UAT/INTERNAL",
      "UAT/MISSION_CRITICAL",
      "DEPLOYMENT/INTERNAL",
      "DEPLOYMENT/MISSION_CRITICAL",
      "MONITORING/INTERNAL",
      "MONITORING/MISSION_CRITICAL",
    ]);
    for (const p of res.items) {
      expect(p.current?.isCurrent).toBe(true);
      expect(p.history.every((h) => !h.isCurrent && h.version < p.current!.version)).toBe(true);
    }
    // No test in this file edits this pair: it still holds the seeded default of DESIGN.md 2.3.
    const ind = res.items[0]!.current!;
    expect([ind.version, ind.createdBy, ind.requirements]).toEqual([
      1,
      null,
      defaultGateRequirements("INDUSTRIALIZATION", "INTERNAL"),
    ]);
    // The browser session works too; a request opened under a version is counted on it.
    const model = await callRoute(createModel, {
      method: "POST",
      token: cast.ds.token,
      body: {
        slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
        title: "M",
        problemType: "CLASSIFICATION",
        criticality: "INTERNAL",
        teamId: cast.team.id,
      },
    });
    const version = await callRoute(registerVersion, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.json.id },
      body: { artifactUri: "s3://a" },
    });
    const asked = await callRoute(requestTransition, {
      method: "POST",
      token: cast.ds2.token,
      params: { versionId: version.json.id },
      body: { toStage: "INDUSTRIALIZATION" },
    });
    expect(asked.json.status).toBe("PENDING"); // not the owner: waits
    const viaCookie = await callRoute(GET, { cookie: await sessionCookie(cast.manager.user.id) });
    expect(ZListGatePoliciesResponse.parse(viaCookie.json).items[0]!.current!.pendingRequests).toBe(
      ind.pendingRequests + 1,
    );
  });
});

describe("PUT /api/v1/gate-policies/{stage}/{criticality}", () => {
  it("saves version n+1 as current, keeps version n untouched, and audits before/after with the note", async () => {
    const { cast, adminToken } = await setup();
    const pair = { stage: "UAT", criticality: "INTERNAL" };
    const old = await currentOf(pair);
    const requirements: TGateRequirements = {
      ...(old.requirements as TGateRequirements),
      requiredChecks: ["unit-tests", "data-validation", "load-test"],
      champion: { metrics: ["auc", "rmse"], tolerance: 0.01, lowerIsBetter: ["rmse"] },
    };
    const res = await save(
      pair,
      { requirements, note: "  Load tests are now mandatory after incident INC-42.  " },
      { token: adminToken },
    );
    expect(res.status).toBe(200);
    const saved = ZGatePolicy.parse(res.json);
    expect(saved).toMatchObject({
      targetStage: "UAT",
      criticality: "INTERNAL",
      version: old.version + 1,
      isCurrent: true,
      requirements,
      note: "Load tests are now mandatory after incident INC-42.",
      createdBy: { id: cast.admin.user.id, name: cast.admin.user.name },
      pendingRequests: 0,
    });

    const rows = await db.prisma.gatePolicy.findMany({
      where: { targetStage: "UAT", criticality: "INTERNAL" },
      orderBy: { version: "asc" },
    });
    expect(rows.filter((r) => r.isCurrent).map((r) => r.id)).toEqual([saved.id]);
    const kept = rows.find((r) => r.id === old.id)!;
    expect([kept.isCurrent, kept.requirements, kept.version]).toEqual([false, old.requirements, old.version]);

    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "gate_policy.updated", entityId: saved.id },
    });
    expect(audit).toMatchObject({ actorId: cast.admin.user.id, entityType: "gate_policy" });
    expect(audit.before).toMatchObject({
      policyId: old.id,
      version: old.version,
      requiredChecks: ["unit-tests", "data-validation"],
    });
    expect(audit.after).toMatchObject({
      policyId: saved.id,
      version: saved.version,
      requiredChecks: requirements.requiredChecks,
      champion: requirements.champion,
      note: saved.note,
    });
    expect(audit.metadata).toMatchObject({ targetStage: "UAT", criticality: "INTERNAL", note: saved.note });

    const pairs = await list(cast.it.token);
    const uat = pairs.items.find((p) => p.targetStage === "UAT" && p.criticality === "INTERNAL")!;
    expect(uat.current!.id).toBe(saved.id);
    expect(uat.history[0]).toMatchObject({ id: old.id, version: old.version, isCurrent: false });

    // Saving the same requirements again (here from the admin's browser session) changes nothing.
    const same = await save(pair, { requirements, note: "again" }, { cookie: await sessionCookie(cast.admin.user.id) });
    expect(same.status).toBe(409);
    expect(same.json.errors).toEqual([
      { path: "requirements", message: expect.stringContaining(`version ${saved.version}`) },
    ]);
    expect(await db.prisma.gatePolicy.count({ where: { targetStage: "UAT", criticality: "INTERNAL" } })).toBe(
      rows.length,
    );
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("two admins saving at once get successive versions, exactly one current, and no save is lost", async () => {
    const { cast, adminToken } = await setup();
    const { user: admin2 } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const admin2Token = await createTestToken(db.prisma, admin2.id, ["admin"]);
    const pair = { stage: "MONITORING", criticality: "MISSION_CRITICAL" };
    const old = await currentOf(pair);
    const base = old.requirements as TGateRequirements;
    // Six saves, three per admin, each with different requirements so none is refused as a no-op.
    const saves = Array.from({ length: 6 }, (_, i) =>
      save(
        pair,
        { requirements: { ...base, requiredChecks: [`runbook-${i}`] }, note: `save ${i}` },
        { token: i % 2 ? admin2Token : adminToken },
      ),
    );
    const results = await Promise.all(saves);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const versions = results.map((r) => ZGatePolicy.parse(r.json).version).sort((a, b) => a - b);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6].map((k) => old.version + k));

    const rows = await db.prisma.gatePolicy.findMany({
      where: { targetStage: "MONITORING", criticality: "MISSION_CRITICAL" },
      orderBy: { version: "asc" },
    });
    expect(rows.filter((r) => r.isCurrent).map((r) => r.version)).toEqual([old.version + 6]);
    // Each save replaced the one before it: the audit chain of versions has no gap and no fork.
    const events = await db.prisma.auditEvent.findMany({
      where: { action: "gate_policy.updated", entityId: { in: rows.map((r) => r.id) } },
      orderBy: { seq: "asc" },
    });
    expect(events).toHaveLength(6);
    for (let i = 0; i < events.length; i++) {
      const before = events[i]!.before as { version: number };
      const after = events[i]!.after as { version: number };
      expect([before.version, after.version]).toEqual([old.version + i, old.version + i + 1]);
    }
    expect(new Set(events.map((e) => e.actorId))).toEqual(new Set([cast.admin.user.id, admin2.id]));
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("denies without credentials (401), to non-administrators and to tokens without the admin scope (403); writes nothing", async () => {
    const { cast } = await setup();
    const pair = { stage: "DEPLOYMENT", criticality: "MISSION_CRITICAL" };
    const old = await currentOf(pair);
    const body = {
      requirements: { ...(old.requirements as TGateRequirements), approvals: [{ role: "IT_OPS", count: 2 }] },
      note: "tighten",
    };
    const policies = await db.prisma.gatePolicy.count();
    const audits = await db.prisma.auditEvent.count({ where: { action: "gate_policy.updated" } });
    const cases: [{ token?: string; cookie?: string }, number][] = [
      [{}, 401],
      [{ token: "mg_not-a-real-token-at-all-000000000" }, 401],
      [{ token: cast.ds.token }, 403],
      [{ token: cast.it.token }, 403],
      [{ cookie: await sessionCookie(cast.manager.user.id) }, 403],
      [{ token: cast.admin.token }, 403], // an administrator's read/write/ingest token: no admin scope
      [{ token: await createTestToken(db.prisma, cast.ds.user.id, ["admin", "read", "write"]) }, 403], // the scope cannot exceed the role
    ];
    for (const [auth, status] of cases) {
      const res = await save(pair, body, auth);
      expect(res.status, JSON.stringify(auth).slice(0, 30)).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await callRoute(GET, {})).status).toBe(401);
    expect(
      (await callRoute(GET, { token: await createTestToken(db.prisma, cast.ds.user.id, ["ingest"]) })).status,
    ).toBe(403);
    expect(await db.prisma.gatePolicy.count()).toBe(policies);
    expect(await db.prisma.auditEvent.count({ where: { action: "gate_policy.updated" } })).toBe(audits);
    expect((await currentOf(pair)).id).toBe(old.id);
  });

  it("refuses bad input with problem+json naming each field, and writes nothing", async () => {
    const { adminToken } = await setup();
    const pair = { stage: "DEPLOYMENT", criticality: "MISSION_CRITICAL" };
    const old = await currentOf(pair);
    const good = old.requirements as TGateRequirements;
    const policies = await db.prisma.gatePolicy.count();
    const errorsOf = async (p: Pair, body: unknown) => {
      const res = await save(p, body, { token: adminToken });
      expect(res.status, JSON.stringify(res.json)).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      return (res.json.errors as { path: string; message: string }[]).map((e) => e.path);
    };
    expect(await errorsOf({ stage: "DESIGN", criticality: "INTERNAL" }, { requirements: good, note: "x" })).toEqual([
      "params.stage",
    ]);
    expect(await errorsOf({ stage: "ARCHIVED", criticality: "LOW" }, { requirements: good, note: "x" })).toEqual([
      "params.stage",
      "params.criticality",
    ]);
    const bad = {
      ...good,
      approvals: [
        { role: "IT_OPS", count: 0 },
        { role: "IT_OPS", count: 1 },
        { role: "CEO", count: 1 },
      ],
      metricThresholds: [
        { metric: "auc", op: "=>", value: 0.8 },
        { metric: "auc", op: ">=", value: "high" },
      ],
      requiredChecks: ["Unit Tests"],
      requiredMetadata: ["gitCommit", "gitCommit"],
      champion: { metrics: ["auc"], tolerance: 1.5, lowerIsBetter: ["rmse"] },
      separationOfDuties: "yes",
    };
    expect((await errorsOf(pair, { requirements: bad, note: "" })).sort()).toEqual(
      [
        "requirements.approvals.0.count",
        "requirements.approvals.2.role",
        "requirements.metricThresholds.0.op",
        "requirements.metricThresholds.1.value",
        "requirements.requiredChecks.0",
        "requirements.requiredMetadata.1",
        "requirements.champion.tolerance",
        "requirements.champion.lowerIsBetter.0",
        "requirements.separationOfDuties",
        "note",
      ].sort(),
    );
    const res = await save(
      pair,
      { requirements: { ...good, approvals: [{ role: "IT_OPS", count: 9 }] }, note: "x" },
      { token: adminToken },
    );
    expect(res.json.errors).toEqual([
      { path: "requirements.approvals.0.count", message: "At most 5 approvals per role." },
    ]);
    // Duplicates are reported on the second row once the rows themselves are valid.
    const dup = await save(
      pair,
      {
        requirements: {
          ...good,
          approvals: [
            { role: "IT_OPS", count: 1 },
            { role: "IT_OPS", count: 2 },
          ],
          metricThresholds: [
            { metric: "auc", op: ">=", value: 0.8 },
            { metric: "auc", op: "<", value: 0.99 },
          ],
        },
        note: "x",
      },
      { token: adminToken },
    );
    expect(dup.json.errors).toEqual([
      { path: "requirements.approvals.1.role", message: "IT_OPS already has a row; raise its count instead." },
      { path: "requirements.metricThresholds.1.metric", message: "auc already has a threshold." },
    ]);
    expect(
      await errorsOf(pair, {
        requirements: { ...good, champion: { metrics: [], tolerance: 0.1, lowerIsBetter: [] } },
        note: "x",
      }),
    ).toEqual(["requirements.champion.metrics"]);
    expect(await errorsOf(pair, { requirements: { ...good, extra: true }, note: "x", also: 1 })).toEqual([
      "requirements.extra",
      "also",
    ]);
    const { requireAlertRules: _drop, ...missing } = good;
    expect(await errorsOf(pair, { requirements: missing })).toEqual(["requirements.requireAlertRules", "note"]);
    expect(await errorsOf(pair, { requirements: good, note: "n".repeat(501) })).toEqual(["note"]);
    // Shape is fine, but no version can have a production deployment before it reaches DEPLOYMENT.
    expect(await errorsOf(pair, { requirements: { ...good, requireActiveDeployment: true }, note: "x" })).toEqual([
      "requirements.requireActiveDeployment",
    ]);
    expect((await save(pair, "not an object", { token: adminToken })).status).toBe(422);
    expect(await db.prisma.gatePolicy.count()).toBe(policies);
    expect((await currentOf(pair)).id).toBe(old.id);
  });

  it("gives the first policy of a pair that has none version 1", async () => {
    // A database seeded without policies (MODELGATE_SEED=none): every gate is open until an admin sets one.
    const fresh = await createTestDatabase();
    installDatabase({ prisma: fresh.prisma, connection: fresh.connection });
    try {
      const { user } = await createTestUser(fresh.prisma, { roles: ["ADMIN"] });
      const token = await createTestToken(fresh.prisma, user.id, ["admin", "read"]);
      expect((await list(token)).items.every((p) => p.current === null && p.history.length === 0)).toBe(true);
      const res = await save(
        { stage: "UAT", criticality: "MISSION_CRITICAL" },
        { requirements: defaultGateRequirements("UAT", "MISSION_CRITICAL"), note: "First UAT policy" },
        { token },
      );
      expect(res.status).toBe(200);
      expect(ZGatePolicy.parse(res.json)).toMatchObject({ version: 1, isCurrent: true });
      const audit = await fresh.prisma.auditEvent.findFirstOrThrow({ where: { action: "gate_policy.updated" } });
      expect([audit.before, (audit.after as { version: number }).version]).toEqual([null, 1]);
      expect(
        (await list(token)).items.filter((p) => p.current).map((p) => `${p.targetStage}/${p.criticality}`),
      ).toEqual(["UAT/MISSION_CRITICAL"]);
      // A row written without every key (by hand, or by older code) is listed as the gate reads it: completed from the empty policy.
      await fresh.prisma.gatePolicy.create({
        data: {
          targetStage: "MONITORING",
          criticality: "INTERNAL",
          version: 1,
          requirements: { requireAlertRules: true },
        },
      });
      const partial = (await list(token)).items.find(
        (p) => p.targetStage === "MONITORING" && p.criticality === "INTERNAL",
      )!.current!;
      expect(partial.requirements).toEqual({ ...EMPTY_GATE_REQUIREMENTS, requireAlertRules: true });
    } finally {
      installDatabase({ prisma: db.prisma, connection: db.connection });
      await fresh.close();
    }
  });
});

describe("a policy edited while a request is pending, end to end", () => {
  it("judges the open request by the version it was opened under and new requests by the new one", async () => {
    const { cast, adminToken } = await setup();
    const model = await callRoute(createModel, {
      method: "POST",
      token: cast.ds.token,
      body: {
        slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
        title: "M",
        problemType: "CLASSIFICATION",
        criticality: "INTERNAL",
        teamId: cast.team.id,
      },
    });
    const register = async () =>
      (
        await callRoute(registerVersion, {
          method: "POST",
          token: cast.ds.token,
          params: { modelId: model.json.id },
          body: { artifactUri: "s3://a" },
        })
      ).json.id as string;
    const [v1, v2] = [await register(), await register()];
    // The DEPLOYMENT gate of an INTERNAL model needs approvals only: start both versions in UAT.
    await db.prisma.modelVersion.updateMany({ where: { id: { in: [v1, v2] } }, data: { stage: "UAT" } });
    const ask = async (versionId: string) =>
      ZPromotionRequest.parse(
        (
          await callRoute(requestTransition, {
            method: "POST",
            token: cast.ds.token,
            params: { versionId },
            body: { toStage: "DEPLOYMENT" },
          })
        ).json,
      );
    const vote = async (token: string, requestId: string) =>
      ZPromotionRequest.parse(
        (await callRoute(decide, { method: "POST", token, params: { requestId }, body: { decision: "APPROVE" } })).json,
      );

    const first = await ask(v1);
    expect(first.status).toBe("PENDING");
    const opened = first.policy!;
    expect(opened.isCurrent).toBe(true);

    const old = await currentOf({ stage: "DEPLOYMENT", criticality: "INTERNAL" });
    const tightened = { ...(old.requirements as TGateRequirements), approvals: [{ role: "IT_OPS", count: 2 }] };
    const saved = ZGatePolicy.parse(
      (
        await save(
          { stage: "DEPLOYMENT", criticality: "INTERNAL" },
          { requirements: tightened, note: "Two IT reviewers after the Q3 audit" },
          { token: adminToken },
        )
      ).json,
    );
    expect(saved.version).toBe(opened.version + 1);

    // The pending request is shown, and counted, under the version it was opened with.
    const preview = ZGatePreviewResponse.parse(
      (await callRoute(previewGate, { token: cast.manager.token, params: { versionId: v1 } })).json,
    ).preview!;
    expect(preview.policy).toEqual({ id: opened.id, version: opened.version, isCurrent: false });
    expect(preview.gate.requirements.find((r) => r.key === "approval:IT_OPS")!.label).toBe(
      "1 approval by IT operations",
    );
    const pair = (await list(cast.ds.token)).items.find(
      (p) => p.targetStage === "DEPLOYMENT" && p.criticality === "INTERNAL",
    )!;
    expect(pair.history.find((h) => h.id === opened.id)!.pendingRequests).toBe(1);

    const applied = await vote(cast.it.token, first.id);
    expect([applied.status, applied.policy]).toEqual([
      "APPLIED",
      { id: opened.id, version: opened.version, isCurrent: false },
    ]);

    const second = await ask(v2);
    expect(second.policy).toEqual({ id: saved.id, version: saved.version, isCurrent: true });
    const half = await vote(cast.it.token, second.id);
    expect(half.status).toBe("PENDING");
    expect(half.gate!.requirements.find((r) => r.key === "approval:IT_OPS")).toMatchObject({
      met: false,
      label: "2 approvals by IT operations",
    });
    expect((await vote(cast.it2.token, second.id)).status).toBe("APPLIED");
  });
});
