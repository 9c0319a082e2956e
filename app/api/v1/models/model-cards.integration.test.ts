import { describe, expect, it } from "vitest";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { MODEL_CARD_SECTIONS } from "@/lib/domain/model-cards/model-card";
import { ZProblem } from "@/lib/schemas/common";
import { ZModelCard } from "@/lib/schemas/model-cards";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { callRoute, createCast, createTestToken, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as archiveModel } from "./[modelId]/archive/route";
import { GET as getCard, PUT as putCard } from "./[modelId]/card/route";
import { POST as registerVersion } from "./[modelId]/versions/route";
import { POST as createModel } from "./route";
import { POST as requestTransition } from "../versions/[versionId]/transitions/route";

const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

const COMPLETE = `# Card\n\n${MODEL_CARD_SECTIONS.map((s) => `## ${s.title}\n\n| a | b |\n|---|---|\n| ${s.key} | 1 |\n`).join("\n")}`;

async function setup() {
  const c = await cast();
  const m = await callRoute(createModel, {
    method: "POST",
    token: c.ds.token,
    body: {
      slug: uniq("card").replace(/[^a-z0-9-]/g, ""),
      title: "Card model",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: c.team.id,
    },
  });
  expect(m.status).toBe(201);
  return { c, modelId: m.json.id as string, slug: m.json.slug as string };
}

const put = (token: string | undefined, modelId: string, markdown: unknown) =>
  callRoute(putCard, { method: "PUT", token, params: { modelId }, body: { markdown } });

describe("GET/PUT /models/{id}/card", () => {
  it("a new model has no card and is offered the template; saving stores it, says it is complete and audits before/after", async () => {
    const { c, modelId, slug } = await setup();
    const first = ZModelCard.parse(
      (await callRoute(getCard, { method: "GET", token: c.manager.token, params: { modelId: slug } })).json,
    );
    expect(first.markdown).toBe("");
    expect(first.template).toContain("## Intended use");
    expect(first.assessment.complete).toBe(false);
    expect(first.updatedAt).toBeNull();

    const draft = await put(c.ds.token, modelId, first.template);
    expect(draft.status, JSON.stringify(draft.json)).toBe(200);
    expect(ZModelCard.parse(draft.json).assessment).toEqual({
      complete: false,
      missing: [],
      empty: MODEL_CARD_SECTIONS.map((s) => s.title),
    });

    const saved = ZModelCard.parse((await put(c.ds2.token, modelId, COMPLETE.replace(/\n/g, "\r\n"))).json);
    expect(saved.markdown).toBe(COMPLETE); // line endings normalised
    expect(saved.assessment.complete).toBe(true);
    expect(saved.updatedBy).toEqual({ id: c.ds2.user.id, name: c.ds2.user.name });

    const events = await db.prisma.auditEvent.findMany({
      where: { entityId: modelId, action: "model.card_updated" },
      orderBy: { seq: "asc" },
    });
    expect(events).toHaveLength(2);
    expect(events[1]!.before).toEqual({ modelCard: first.template, complete: false });
    expect(events[1]!.after).toEqual({ modelCard: COMPLETE, complete: true });
    // Saving the same text again changes nothing and writes no event.
    expect((await put(c.ds.token, modelId, COMPLETE)).status).toBe(200);
    expect(await db.prisma.auditEvent.count({ where: { entityId: modelId, action: "model.card_updated" } })).toBe(2);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("refuses by role and state: 401, 403 for managers, IT operations, another team and read tokens, 404 unknown, 409 archived, 422 too long", async () => {
    const { c, modelId } = await setup();
    expect((await put(undefined, modelId, "x")).status).toBe(401);
    expect((await put(c.manager.token, modelId, "x")).status).toBe(403);
    expect((await put(c.outsider.token, modelId, "x")).status).toBe(403);
    expect((await put(await createTestToken(db.prisma, c.ds.user.id, ["read"]), modelId, "x")).status).toBe(403);
    expect((await put(c.ds.token, "no-such-model", "x")).status).toBe(404);
    const long = await put(c.ds.token, modelId, "a".repeat(100_001));
    expect(long.status).toBe(422);
    expect(ZProblem.parse(long.json).errors[0]!.path).toBe("markdown");
    expect((await put(c.it.token, modelId, "x")).status).toBe(403); // IT operations hold no models:write
    expect((await put(c.admin.token, modelId, "An administrator may write it")).status).toBe(200);
    expect(
      (
        await callRoute(archiveModel, {
          method: "POST",
          token: c.admin.token,
          params: { modelId },
          body: { reason: "retired" },
        })
      ).status,
    ).toBe(200);
    expect((await put(c.ds.token, modelId, "late")).status).toBe(409);
  });
});

describe('gate requirement "model card complete"', () => {
  it("holds a pending request until the card is complete, then the card's save applies it", async () => {
    const { c, modelId } = await setup();
    const v = await callRoute(registerVersion, {
      method: "POST",
      token: c.ds.token,
      params: { modelId },
      body: { artifactUri: "s3://b/m.pkl" },
    });
    expect(v.status).toBe(201);
    const policy = await db.prisma.gatePolicy.findFirstOrThrow({
      where: { targetStage: "INDUSTRIALIZATION", criticality: "INTERNAL", isCurrent: true },
    });
    // This file's database only: the INTERNAL gate to industrialization asks for the card and nothing else.
    await db.prisma.gatePolicy.update({
      where: { id: policy.id },
      data: { requirements: { ...EMPTY_GATE_REQUIREMENTS, requireModelCard: true } },
    });
    try {
      const r = await callRoute(requestTransition, {
        method: "POST",
        token: c.ds.token,
        params: { versionId: v.json.id },
        body: { toStage: "INDUSTRIALIZATION", justification: "ready" },
      });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      expect(r.json.status).toBe("PENDING");
      const req = r.json.gate.requirements.find((x: { key: string }) => x.key === "model-card");
      expect(req).toMatchObject({ met: false, detail: expect.stringContaining("no card yet") });

      expect(
        (await put(c.ds.token, modelId, COMPLETE.replace(/## Factors\n\n[^\n]*\n[^\n]*\n[^\n]*\n/, "## Factors\n\n")))
          .status,
      ).toBe(200);
      expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: r.json.id } })).status).toBe(
        "PENDING",
      );

      expect((await put(c.ds.token, modelId, COMPLETE)).status).toBe(200);
      expect((await db.prisma.transitionRequest.findUniqueOrThrow({ where: { id: r.json.id } })).status).toBe(
        "APPLIED",
      );
      expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: v.json.id } })).stage).toBe(
        "INDUSTRIALIZATION",
      );
    } finally {
      await db.prisma.gatePolicy.update({
        where: { id: policy.id },
        data: { requirements: policy.requirements as object },
      });
    }
  });
});
