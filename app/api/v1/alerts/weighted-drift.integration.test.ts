import { describe, expect, it } from "vitest";
import { ZIngestWindowResponse } from "@/lib/schemas/monitoring";
import { ZAlertRule } from "@/lib/schemas/alerts";
import { callRoute, createCast, createTestAlertRule, createTestModel } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as createRule } from "../models/[modelId]/alert-rules/route";
import { POST as postReference } from "../versions/[versionId]/reference/route";
import { POST as postSamples } from "../versions/[versionId]/samples/route";

/**
 * Issue 19: an alert rule on importance-weighted drift opens when a feature the live version relies on drifts,
 * and stays closed when the same drift hits a feature it ignores — while a plain PSI rule fires in both cases.
 */
const db = useTestDatabase();
const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const REFERENCE = { columns: { x: seq(400, (i) => i % 100), y: seq(400, (i) => (i * 7) % 50) } };
// x moves by a third of its range; y keeps its distribution.
const DRIFTED_X = { columns: { x: seq(400, (i) => (i % 100) + 35), y: seq(400, (i) => (i * 7 + 3) % 50) } };

async function liveModel(importance: { x: number; y: number }) {
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    itOwnerId: cast.it.user.id,
    versions: [{ stage: "MONITORING", production: true }],
  });
  const version = versions[0]!;
  await db.prisma.modelVersion.update({
    where: { id: version.id },
    data: {
      featureSchema: [
        { name: "x", type: "numeric" },
        { name: "y", type: "numeric" },
      ],
    },
  });
  await db.prisma.featureImportance.create({
    data: { versionId: version.id, method: "shap_mean_abs", values: importance, source: "api" },
  });
  const rule = await callRoute(createRule, {
    method: "POST",
    token: cast.ds.token,
    params: { modelId: model.id },
    body: { name: "Weighted drift above 0.2", kind: "WEIGHTED_DRIFT", config: { value: 0.2 } },
  });
  expect(rule.status, JSON.stringify(rule.json)).toBe(201);
  const psiRule = await createTestAlertRule(db.prisma, model.id, {
    kind: "FEATURE_PSI",
    config: { feature: "x", band: "significant" },
  });
  expect(
    (
      await callRoute(postReference, {
        method: "POST",
        token: cast.it.token,
        params: { versionId: version.id },
        body: REFERENCE,
      })
    ).status,
  ).toBe(201);
  const window = await callRoute(postSamples, {
    method: "POST",
    token: cast.it.token,
    params: { versionId: version.id },
    body: DRIFTED_X,
  });
  expect(window.status, JSON.stringify(window.json)).toBe(201);
  const w = ZIngestWindowResponse.parse(window.json);
  const alerts = async (ruleId: string) =>
    db.prisma.alert.findMany({ where: { ruleId }, select: { status: true, message: true } });
  return { ruleId: ZAlertRule.parse(rule.json).id, psiRuleId: psiRule.id, window: w, alerts };
}

describe("WEIGHTED_DRIFT alert rule", () => {
  it("opens on drift of a feature the model relies on", async () => {
    const { ruleId, psiRuleId, window, alerts } = await liveModel({ x: 0.9, y: 0.1 });
    const psiX = window.drift.find((d) => d.feature === "x")!.value!;
    const psiY = window.drift.find((d) => d.feature === "y")!.value!;
    expect(psiX).toBeGreaterThan(0.25);
    // The stored score is the documented formula on the stored PSI values.
    expect(window.weightedDrift!.score).toBeCloseTo((0.9 * psiX + 0.1 * psiY) / 1.0, 12);
    expect(window.weightedDrift!.top!.feature).toBe("x");
    const stored = await db.prisma.sampleWindow.findUniqueOrThrow({
      where: { id: window.windowId },
      select: { summary: true },
    });
    expect((stored.summary as { weightedDrift: unknown }).weightedDrift).toEqual(window.weightedDrift);
    const [alert] = await alerts(ruleId);
    expect(alert).toMatchObject({ status: "OPEN" });
    expect(alert!.message).toMatch(/Importance-weighted drift is \d\.\d+ \(rule: > 0\.2\)/);
    expect((await alerts(psiRuleId)).map((a) => a.status)).toEqual(["OPEN"]);
  });

  it("stays closed when the same drift hits a feature the model ignores", async () => {
    const { ruleId, psiRuleId, window, alerts } = await liveModel({ x: 0.01, y: 0.99 });
    expect(window.drift.find((d) => d.feature === "x")!.drifted).toBe(true);
    expect(window.weightedDrift!.score).toBeLessThan(0.2);
    expect(await alerts(ruleId)).toEqual([]);
    // A plain PSI rule on the same feature still fires: the weighting is what keeps IT asleep.
    expect((await alerts(psiRuleId)).map((a) => a.status)).toEqual(["OPEN"]);
  });

  it("is unknown (no alert either way) when the version has no importances", async () => {
    const cast = await createCast(db.prisma);
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    await db.prisma.modelVersion.update({
      where: { id: versions[0]!.id },
      data: {
        featureSchema: [
          { name: "x", type: "numeric" },
          { name: "y", type: "numeric" },
        ],
      },
    });
    const rule = await createTestAlertRule(db.prisma, model.id, { kind: "WEIGHTED_DRIFT", config: { value: 0.2 } });
    await callRoute(postReference, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: versions[0]!.id },
      body: REFERENCE,
    });
    const w = await callRoute(postSamples, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: versions[0]!.id },
      body: DRIFTED_X,
    });
    expect(ZIngestWindowResponse.parse(w.json).weightedDrift).toBeNull();
    expect(await db.prisma.alert.count({ where: { ruleId: rule.id } })).toBe(0);
  });

  it("validates the rule config with the same messages as the domain", async () => {
    const cast = await createCast(db.prisma);
    const { model } = await createTestModel(db.prisma, { teamId: cast.team.id, dsOwnerId: cast.ds.user.id });
    const r = await callRoute(createRule, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: model.id },
      body: { name: "W", kind: "WEIGHTED_DRIFT", config: { value: 0 } },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["config.value"]);
    expect(
      (
        await callRoute(createRule, {
          method: "POST",
          token: cast.ds.token,
          params: { modelId: model.id },
          body: { name: "W", kind: "WEIGHTED_DRIFT", config: { value: 11 } },
        })
      ).status,
    ).toBe(422);
  });
});
