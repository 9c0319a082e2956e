import { describe, expect, it } from "vitest";
import { ZListModelsResponse } from "@/lib/schemas/models";
import { callRoute, createCast, createTestModel, createTestUser, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as listModels } from "./route";

const db = useTestDatabase();

/** Five models with distinct health, criticality, latest stage, owner and key metric; one has no version at all. */
async function portfolio() {
  const cast = await createCast(db.prisma);
  const tag = uniq("sort").replace(/[^a-z0-9-]/g, "");
  const specs = [
    { health: "HEALTHY", crit: "INTERNAL", stages: ["DESIGN"], owner: "Zoe", auc: 0.7 },
    { health: "CRITICAL", crit: "MISSION_CRITICAL", stages: ["MONITORING", "UAT"], owner: "Adam", auc: 0.9 },
    { health: "WARNING", crit: "INTERNAL", stages: ["MONITORING"], owner: "Mia", auc: null },
    { health: "UNKNOWN", crit: "MISSION_CRITICAL", stages: [], owner: "Bea", auc: null },
    { health: "HEALTHY", crit: "MISSION_CRITICAL", stages: ["INDUSTRIALIZATION"], owner: "Carl", auc: 0.8 },
  ] as const;
  const slugs: string[] = [];
  for (const [i, s] of specs.entries()) {
    const owner = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], teamId: cast.team.id });
    await db.prisma.user.update({ where: { id: owner.user.id }, data: { name: `${s.owner} ${tag}` } });
    const { model, versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: owner.user.id,
      criticality: s.crit,
      slug: `${tag}-m${i}`,
      versions: s.stages.map((stage) => ({ stage })),
    });
    await db.prisma.model.update({ where: { id: model.id }, data: { health: s.health, tags: [tag] } });
    const latest = versions[versions.length - 1];
    if (latest)
      await db.prisma.modelVersion.update({
        where: { id: latest.id },
        data: { metrics: s.auc === null ? { latency_ms: 4 } : { auc: s.auc, rmse: 1 } },
      });
    slugs.push(model.slug);
  }
  const list = async (sort: string, limit = 2) => {
    const seen: { slug: string; keyMetric: unknown }[] = [];
    let cursor: string | null = null;
    do {
      const r = await callRoute(listModels, {
        token: cast.manager.token,
        path: `/api/v1/models?tag=${tag}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const page = ZListModelsResponse.parse(r.json);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };
  const order = async (sort: string) => (await list(sort)).map((m) => Number(m.slug.slice(-1)));
  return { slugs, list, order };
}

describe("GET /models?sort= (issue 17: every column of the models table)", () => {
  it("sorts by health severity, criticality, latest stage, owner and key metric, both ways, paging each model once", async () => {
    const { order, list } = await portfolio();
    // Ties (two HEALTHY, three MISSION_CRITICAL) are broken by id, so only the groups' order is asserted there.
    expect((await order("-health")).slice(0, 2)).toEqual([1, 2]);
    expect((await order("health"))[0]).toBe(3);
    expect(new Set((await order("criticality")).slice(0, 3))).toEqual(new Set([1, 3, 4]));
    expect(await order("stage")).toEqual([0, 4, 1, 2, 3]); // DESIGN, INDUSTRIALIZATION, UAT (v2 of m1), MONITORING, no version last
    expect(await order("-stage")).toEqual([2, 1, 4, 0, 3]);
    expect(await order("owner")).toEqual([1, 3, 4, 2, 0]);
    expect(await order("-owner")).toEqual([0, 2, 4, 3, 1]);
    // Models without a key metric come last in both directions.
    expect((await order("-keyMetric")).slice(0, 3)).toEqual([1, 4, 0]);
    expect((await order("keyMetric")).slice(0, 3)).toEqual([0, 4, 1]);
    expect(new Set((await order("keyMetric")).slice(3))).toEqual(new Set([2, 3]));
    const items = await list("-keyMetric", 10);
    expect(items[0]!.keyMetric).toEqual({ name: "auc", value: 0.9 });
    expect(items[4]!.keyMetric).toBeNull();
  });

  it("pages the same whatever the page size, and refuses an unknown sort field with 422", async () => {
    const { list } = await portfolio();
    for (const sort of ["-health", "stage", "-keyMetric", "team", "criticality"]) {
      expect(
        (await list(sort, 1)).map((m) => m.slug),
        sort,
      ).toEqual((await list(sort, 100)).map((m) => m.slug));
    }
    const cast = await createCast(db.prisma);
    const bad = await callRoute(listModels, { token: cast.manager.token, path: "/api/v1/models?sort=-passwordHash" });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("query.sort");
  });
});
