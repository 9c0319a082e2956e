import { describe, expect, it } from "vitest";
import { ZProblem } from "@/lib/schemas/common";
import { ZCompareVersionsResponse } from "@/lib/schemas/models";
import { resetEnvCache } from "@/lib/env";
import { getRunPage } from "@/lib/server/mlflow/get-run-page";
import { callMlflow, callRoute, createCast, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import * as mlflow from "../../2.0/mlflow/[...path]/route";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as compare } from "./[modelId]/compare/route";
import { POST as registerVersion } from "./[modelId]/versions/route";
import { POST as createModel } from "./route";
import { POST as reportCheck } from "../versions/[versionId]/checks/route";

const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

async function setup() {
  const c = await cast();
  const m = await callRoute(createModel, {
    method: "POST",
    token: c.ds.token,
    body: {
      slug: uniq("cmp").replace(/[^a-z0-9-]/g, ""),
      title: "Cmp",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: c.team.id,
    },
  });
  expect(m.status).toBe(201);
  const reg = async (body: Record<string, unknown>) => {
    const r = await callRoute(registerVersion, {
      method: "POST",
      token: c.ds.token,
      params: { modelId: m.json.id },
      body: { artifactUri: "s3://b/m.pkl", ...body },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json.id as string;
  };
  const v1 = await reg({
    gitCommit: "abcdef1",
    metrics: { auc: 0.8, log_loss: 0.4 },
    parameters: { depth: 6 },
    featureSchema: [{ name: "income", type: "numeric" }],
  });
  const v2 = await reg({
    gitCommit: "abcdef2",
    metrics: { auc: 0.86, log_loss: 0.35 },
    parameters: { depth: 8 },
    featureSchema: [
      { name: "income", type: "numeric" },
      { name: "age", type: "numeric" },
    ],
  });
  const v3 = await reg({ gitCommit: "abcdef1", metrics: { auc: 0.8 }, parameters: { depth: 6 } });
  return { c, slug: m.json.slug as string, v1, v2, v3 };
}

const get = (token: string | undefined, modelId: string, versions: string | string[]) => {
  const q = new URLSearchParams((Array.isArray(versions) ? versions : [versions]).map((v) => ["versions", v]));
  return callRoute(compare, {
    method: "GET",
    token,
    params: { modelId },
    path: `/api/v1/models/${modelId}/compare?${q}`,
  });
};

describe("GET /models/{id}/compare", () => {
  it("compares versions in the order asked, marks differences, the best metric and check evidence", async () => {
    const { c, slug, v1 } = await setup();
    expect(
      (
        await callRoute(reportCheck, {
          method: "POST",
          token: c.ds.token,
          params: { versionId: v1 },
          body: { name: "unit-tests", status: "PASS", url: "https://ci.example/1" },
        })
      ).status,
    ).toBe(201);
    const r = await get(c.manager.token, slug, "2,1");
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = ZCompareVersionsResponse.parse(r.json);
    expect(body.versions.map((v) => v.number)).toEqual([2, 1]);
    const row = (section: keyof typeof body.sections, key: string) =>
      body.sections[section].find((x) => x.key === key)!;
    expect(row("metrics", "auc").cells.map((x) => [x.value, x.best])).toEqual([
      [0.86, true],
      [0.8, false],
    ]);
    expect(row("metrics", "auc").cells[1]!.delta).toBeCloseTo(-0.06);
    // log_loss: lower is better, so v2 (0.35) wins although its number is smaller.
    expect(row("metrics", "log_loss").cells.map((x) => x.best)).toEqual([true, false]);
    expect(row("parameters", "depth").cells.map((x) => x.text)).toEqual(["8", "6"]);
    expect(row("features", "age").cells.map((x) => x.text)).toEqual(["numeric −∞ … +∞", null]);
    expect(row("features", "income").differs).toBe(false);
    expect(row("checks", "unit-tests").cells.map((x) => x.text)).toEqual([null, "PASS"]);
    expect(row("lineage", "Git commit").cells.map((x) => x.text)).toEqual(["abcdef2", "abcdef1"]);
    expect(row("evidence", "Next gate").cells[0]!.text).toMatch(/^to Industrialization: /);
    expect(body.differing).toBeGreaterThanOrEqual(6);
  });

  it("accepts the parameter repeated; versions that agree have no differing metric or parameter", async () => {
    const { c, slug } = await setup();
    const r = await get(c.ds.token, slug, ["1", "3"]);
    expect(r.status).toBe(200);
    const body = ZCompareVersionsResponse.parse(r.json);
    expect(body.sections.parameters.every((x) => !x.differs)).toBe(true);
    expect(body.sections.metrics.find((x) => x.key === "auc")!.differs).toBe(false);
    expect(body.sections.metrics.find((x) => x.key === "log_loss")!.cells.map((x) => x.text)).toEqual(["0.4", null]);
  });

  it("answers 422 on a bad list and 404 on a number the model lacks or an unknown model; 401 without a token", async () => {
    const { c, slug } = await setup();
    for (const bad of ["1", "1,2,3,4,5", "1,x"]) {
      const r = await get(c.ds.token, slug, bad);
      expect(r.status, bad).toBe(422);
      expect(ZProblem.parse(r.json).errors[0]!.path).toBe("query.versions");
    }
    const missing = await get(c.ds.token, slug, "1,9");
    expect(missing.status).toBe(404);
    expect(ZProblem.parse(missing.json).detail).toContain("no version 9");
    expect((await get(c.ds.token, "no-such-model", "1,2")).status).toBe(404);
    expect((await get(undefined, slug, "1,2")).status).toBe(401);
  });
});

describe("lineage links (compare, version page data, run page)", () => {
  it("links the commit through MODELGATE_GIT_WEB_URL and the run to Modelgate's run page, which lists the versions from it", async () => {
    const { c, slug, v1 } = await setup();
    const run = (
      await callMlflow(mlflow.POST, "POST", "runs/create", {
        token: c.ds.token,
        body: { experiment_id: "0", run_name: "train-42" },
      })
    ).json.run.info as { run_id: string };
    expect(
      (
        await callMlflow(mlflow.POST, "POST", "runs/log-parameter", {
          token: c.ds.token,
          body: { run_id: run.run_id, key: "depth", value: "6" },
        })
      ).status,
    ).toBe(200);
    // Test data: v1 as if registered from the run.
    await db.prisma.modelVersion.update({ where: { id: v1 }, data: { runId: run.run_id } });
    const before = process.env.MODELGATE_GIT_WEB_URL;
    process.env.MODELGATE_GIT_WEB_URL = "https://git.example/org/repo/commit/{sha}";
    resetEnvCache();
    try {
      const body = ZCompareVersionsResponse.parse((await get(c.ds.token, slug, "1,2")).json);
      expect(body.versions[0]!.links).toEqual({
        gitCommit: "https://git.example/org/repo/commit/abcdef1",
        run: `/mlflow/runs/${run.run_id}`,
        trainingDataset: null,
      });
      expect(body.versions[1]!.links.run).toBeNull();
    } finally {
      if (before === undefined) delete process.env.MODELGATE_GIT_WEB_URL;
      else process.env.MODELGATE_GIT_WEB_URL = before;
      resetEnvCache();
    }
    const without = ZCompareVersionsResponse.parse((await get(c.ds.token, slug, "1,2")).json);
    expect(without.versions[0]!.links.gitCommit).toBeNull();

    const actor = c.manager.actor;
    const page = await getRunPage({ actor, runId: run.run_id });
    expect(page.run.name).toBe("train-42");
    expect(page.run.params).toEqual([{ key: "depth", value: "6" }]);
    expect(page.versions).toEqual([{ number: 1, stage: "DESIGN", model: { slug, title: "Cmp" } }]);
    await expect(getRunPage({ actor, runId: "0123456789abcdef0123456789abcdef" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
