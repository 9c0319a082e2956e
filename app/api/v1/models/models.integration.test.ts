import { describe, expect, it } from "vitest";
import { ZListModelsResponse, ZListVersionsResponse, ZModel, ZVersion } from "@/lib/schemas/models";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { callRoute, createCast, createTestToken, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as getModel, PATCH as patchModel } from "./[modelId]/route";
import { POST as archiveModel } from "./[modelId]/archive/route";
import { GET as listVersions, POST as registerVersion } from "./[modelId]/versions/route";
import { GET as listModels, POST as createModel } from "./route";
import { GET as getVersion } from "../versions/[versionId]/route";
import { GET as listChecks, POST as reportCheck } from "../versions/[versionId]/checks/route";

const db = useTestDatabase();

const modelBody = (teamId: string, over: Record<string, unknown> = {}) => ({
  slug: uniq("model").replace(/[^a-z0-9-]/g, ""),
  title: "Churn model",
  description: "Predicts **churn**.",
  problemType: "CLASSIFICATION",
  criticality: "INTERNAL",
  teamId,
  tags: ["churn", "marketing"],
  ...over,
});

const versionBody = {
  artifactUri: "s3://bucket/churn/model.pkl",
  framework: "xgboost 2.0",
  gitCommit: "a1b2c3d4e5f6",
  trainingDataset: "s3://lake/churn/train.parquet",
  parameters: { max_depth: 6, eta: 0.1, nested: { a: [1, 2] } },
  metrics: { auc: 0.83, accuracy: 0.79 },
  featureSchema: [
    { name: "tenure", type: "numeric", min: 0, max: 400 },
    { name: "plan", type: "categorical", categories: ["basic", "plus"], nullable: true },
  ],
};

async function create(cast: Awaited<ReturnType<typeof createCast>>, over: Record<string, unknown> = {}) {
  const r = await callRoute(createModel, { method: "POST", token: cast.ds.token, body: modelBody(cast.team.id, over) });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return ZModel.parse(r.json);
}

describe("models API", () => {
  it("creates, reads (by id and slug), edits and archives a model, auditing each change", async () => {
    const cast = await createCast(db.prisma);
    const m = await create(cast);
    expect(m.dsOwner.id).toBe(cast.ds.user.id);
    expect(m.team.id).toBe(cast.team.id);
    expect(m.latestVersion).toBeNull();
    for (const ref of [m.id, m.slug]) {
      const r = await callRoute(getModel, { token: cast.manager.token, params: { modelId: ref } });
      expect(r.status).toBe(200);
      expect(ZModel.parse(r.json).id).toBe(m.id);
    }
    const patched = await callRoute(patchModel, {
      method: "PATCH",
      token: cast.ds2.token,
      params: { modelId: m.slug },
      body: { title: "Churn v2", tags: ["churn"] },
    });
    expect(patched.status).toBe(200);
    expect(ZModel.parse(patched.json).title).toBe("Churn v2");
    const archived = await callRoute(archiveModel, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: m.id },
      body: { reason: "Replaced" },
    });
    expect(archived.status).toBe(200);
    expect(ZModel.parse(archived.json).archivedAt).not.toBeNull();
    const actions = (await db.prisma.auditEvent.findMany({ where: { modelId: m.id }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["model.created", "model.updated", "model.archived"]);
    const upd = await db.prisma.auditEvent.findFirstOrThrow({ where: { modelId: m.id, action: "model.updated" } });
    expect(upd.before).toEqual({ title: "Churn model", tags: ["churn", "marketing"] });
    expect(upd.after).toEqual({ title: "Churn v2", tags: ["churn"] });
    // Archived models take no edits or versions.
    expect(
      (
        await callRoute(patchModel, {
          method: "PATCH",
          token: cast.ds.token,
          params: { modelId: m.id },
          body: { title: "x" },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await callRoute(registerVersion, {
          method: "POST",
          token: cast.ds.token,
          params: { modelId: m.id },
          body: versionBody,
        })
      ).status,
    ).toBe(409);
  });

  it("refuses bad input with the field named and writes nothing", async () => {
    const cast = await createCast(db.prisma);
    const before = await db.prisma.model.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ slug: "Bad Slug" }, "slug"],
      [{ slug: "ab" }, "slug"],
      [{ slug: "trailing-" }, "slug"],
      [{ criticality: "SUPER" }, "criticality"],
      [{ problemType: 3 }, "problemType"],
      [{ tags: ["Not OK"] }, "tags.0"],
      [{ tags: ["a", "a"] }, "tags"],
      [{ color: "red" }, "color"],
      [{ title: "" }, "title"],
    ];
    for (const [over, path] of cases) {
      const r = await callRoute(createModel, {
        method: "POST",
        token: cast.ds.token,
        body: modelBody(cast.team.id, over),
      });
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(
        r.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(over),
      ).toContain(path);
    }
    const m = await create(cast);
    const dup = await callRoute(createModel, {
      method: "POST",
      token: cast.ds.token,
      body: modelBody(cast.team.id, { slug: m.slug }),
    });
    expect(dup.status).toBe(409);
    expect(dup.json.errors).toEqual([{ path: "slug", message: "Already taken." }]);
    expect(
      (
        await callRoute(createModel, {
          method: "POST",
          token: cast.ds.token,
          rawBody: JSON.stringify({ ...modelBody(cast.team.id), description: "x".repeat(1_100_000) }),
        })
      ).status,
    ).toBe(413);
    expect(await db.prisma.model.count()).toBe(before + 1);
  });

  it("denies: no token 401, read-only scope 403, manager role 403, another team's data scientist 403, unknown model 404", async () => {
    const cast = await createCast(db.prisma);
    const m = await create(cast);
    const readOnly = await createTestToken(db.prisma, cast.ds.user.id, ["read"]);
    expect((await callRoute(createModel, { method: "POST", body: modelBody(cast.team.id) })).status).toBe(401);
    expect(
      (await callRoute(createModel, { method: "POST", token: readOnly, body: modelBody(cast.team.id) })).status,
    ).toBe(403);
    expect(
      (await callRoute(createModel, { method: "POST", token: cast.manager.token, body: modelBody(cast.team.id) }))
        .status,
    ).toBe(403);
    expect(
      (await callRoute(createModel, { method: "POST", token: cast.outsider.token, body: modelBody(cast.team.id) }))
        .status,
    ).toBe(403);
    expect(
      (
        await callRoute(patchModel, {
          method: "PATCH",
          token: cast.outsider.token,
          params: { modelId: m.id },
          body: { title: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(registerVersion, {
          method: "POST",
          token: cast.outsider.token,
          params: { modelId: m.id },
          body: versionBody,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(registerVersion, {
          method: "POST",
          token: readOnly,
          params: { modelId: m.id },
          body: versionBody,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(archiveModel, {
          method: "POST",
          token: cast.manager.token,
          params: { modelId: m.id },
          body: { reason: "x" },
        })
      ).status,
    ).toBe(403);
    expect((await callRoute(getModel, { params: { modelId: m.id } })).status).toBe(401);
    expect((await callRoute(getModel, { token: cast.ds.token, params: { modelId: "no-such-model" } })).status).toBe(
      404,
    );
    expect(
      (await callRoute(listModels, { token: await createTestToken(db.prisma, cast.ds.user.id, ["ingest"]) })).status,
    ).toBe(403);
    expect((await db.prisma.model.findUniqueOrThrow({ where: { id: m.id } })).title).toBe("Churn model");
  });

  it("searches by name, title or tag, filters by stage/team/owner/criticality, sorts, and pages with a cursor", async () => {
    const cast = await createCast(db.prisma);
    const tag = uniq("tag").replace(/[^a-z0-9-]/g, "");
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await create(cast, {
          slug: `${tag}-m${i}`,
          tags: [tag],
          criticality: i % 2 ? "MISSION_CRITICAL" : "INTERNAL",
          title: `Title ${4 - i}`,
        }),
      );
    const list = async (qs: string) => {
      const r = await callRoute(listModels, { token: cast.manager.token, path: `/api/v1/models?${qs}` });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return ZListModelsResponse.parse(r.json);
    };
    expect((await list(`search=${tag}`)).items).toHaveLength(5);
    expect((await list(`search=${tag.toUpperCase()}-M3`)).items.map((m) => m.slug)).toEqual([`${tag}-m3`]);
    expect((await list(`tag=${tag}&criticality=MISSION_CRITICAL`)).items.map((m) => m.slug)).toEqual([
      `${tag}-m1`,
      `${tag}-m3`,
    ]);
    expect((await list(`tag=${tag}&sort=title`)).items.map((m) => m.title)).toEqual([
      "Title 0",
      "Title 1",
      "Title 2",
      "Title 3",
      "Title 4",
    ]);
    expect((await list(`tag=${tag}&sort=-slug`)).items[0]!.slug).toBe(`${tag}-m4`);
    expect((await list(`tag=${tag}&teamId=${cast.otherTeam.id}`)).items).toHaveLength(0);
    expect((await list(`tag=${tag}&ownerId=${cast.ds.user.id}`)).items).toHaveLength(5);
    await callRoute(registerVersion, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: made[2]!.id },
      body: versionBody,
    });
    expect((await list(`tag=${tag}&stage=DESIGN`)).items.map((m) => m.slug)).toEqual([`${tag}-m2`]);
    // Cursor paging visits every model exactly once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { slug: string }[]; nextCursor: string | null } = await list(
        `tag=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.items.map((m) => m.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((m) => m.slug));
    const bad = await callRoute(listModels, { token: cast.manager.token, path: "/api/v1/models?cursor=garbage" });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("query.cursor");
    expect((await callRoute(listModels, { token: cast.manager.token, path: "/api/v1/models?limit=1000" })).status).toBe(
      422,
    );
    expect((await callRoute(listModels, { token: cast.manager.token, path: "/api/v1/models?stage=LIVE" })).status).toBe(
      422,
    );
  });
});

describe("versions API", () => {
  it("registers versions with metadata, schema and metrics; numbers count up; checks are reported", async () => {
    const cast = await createCast(db.prisma);
    const m = await create(cast);
    const r1 = await callRoute(registerVersion, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: m.slug },
      body: versionBody,
    });
    expect(r1.status, JSON.stringify(r1.json)).toBe(201);
    const v1 = ZVersion.parse(r1.json);
    expect(v1).toMatchObject({
      number: 1,
      stage: "DESIGN",
      status: "READY",
      metrics: { auc: 0.83 },
      parameters: { nested: { a: [1, 2] } },
    });
    expect(v1.featureSchema[1]).toEqual({
      name: "plan",
      type: "categorical",
      categories: ["basic", "plus"],
      nullable: true,
    });
    const v2 = ZVersion.parse(
      (
        await callRoute(registerVersion, {
          method: "POST",
          token: cast.ds2.token,
          params: { modelId: m.id },
          body: versionBody,
        })
      ).json,
    );
    expect(v2.number).toBe(2);
    const got = await callRoute(getVersion, { token: cast.it.token, params: { versionId: v1.id } });
    expect(ZVersion.parse(got.json).gitCommit).toBe("a1b2c3d4e5f6");
    const list = ZListVersionsResponse.parse(
      (await callRoute(listVersions, { token: cast.it.token, params: { modelId: m.id }, path: "/x?limit=1" })).json,
    );
    expect(list.items.map((v) => v.number)).toEqual([2]);
    expect(list.nextCursor).not.toBeNull();
    const check = await callRoute(reportCheck, {
      method: "POST",
      token: cast.it.token,
      params: { versionId: v1.id },
      body: { name: "unit-tests", status: "PASS", url: "https://ci.example.com/1" },
    });
    expect(check.status, JSON.stringify(check.json)).toBe(201);
    expect(
      (await callRoute(listChecks, { token: cast.ds.token, params: { versionId: v1.id } })).json.items,
    ).toHaveLength(1);
    expect((await db.prisma.stageHistory.findMany({ where: { versionId: v1.id } })).map((h) => h.toStage)).toEqual([
      "DESIGN",
    ]);
  });

  it("refuses bad version input by field, and writes nothing", async () => {
    const cast = await createCast(db.prisma);
    const m = await create(cast);
    const cases: [Record<string, unknown>, string][] = [
      [{ artifactUri: "" }, "artifactUri"],
      [{ artifactUri: "no scheme here" }, "artifactUri"],
      [{ gitCommit: "xyz" }, "gitCommit"],
      [{ metrics: { auc: "high" } }, "metrics.auc"],
      [{ featureSchema: [{ name: "a", type: "numeric", min: 5, max: 1 }] }, "featureSchema.0.max"],
      [
        {
          featureSchema: [
            { name: "a", type: "numeric" },
            { name: "a", type: "categorical" },
          ],
        },
        "featureSchema.1.name",
      ],
      [{ featureSchema: [{ name: "a", type: "text" }] }, "featureSchema.0.type"],
      [{ number: 7 }, "number"],
    ];
    for (const [over, path] of cases) {
      const r = await callRoute(registerVersion, {
        method: "POST",
        token: cast.ds.token,
        params: { modelId: m.id },
        body: { ...versionBody, ...over },
      });
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(
        r.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(r.json.errors),
      ).toContain(path);
    }
    expect(await db.prisma.modelVersion.count({ where: { modelId: m.id } })).toBe(0);
    expect((await db.prisma.model.findUniqueOrThrow({ where: { id: m.id } })).versionCounter).toBe(0);
    expect((await callRoute(getVersion, { token: cast.ds.token, params: { versionId: "nope" } })).status).toBe(404);
  });

  it("gives 20 concurrent registrations 20 distinct, gapless numbers and an unbroken audit chain", async () => {
    const cast = await createCast(db.prisma);
    const m = await create(cast);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        callRoute(registerVersion, {
          method: "POST",
          token: cast.ds.token,
          params: { modelId: m.id },
          body: versionBody,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.json.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await db.prisma.auditEvent.count({ where: { modelId: m.id, action: "version.registered" } })).toBe(20);
    const report = await verifyAuditChain();
    expect(report.ok, JSON.stringify(report.brokenAt)).toBe(true);
  });
});
