import { describe, expect, it } from "vitest";
import { createPrismaClient, installDatabase } from "@/lib/db/client";
import { connect } from "@/lib/db/connect";
import { callMlflow, callRoute, createCast } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as mlflow from "@/app/api/2.0/mlflow/[...path]/route";
import { GET as getModel, PATCH as patchModel } from "@/app/api/v1/models/[modelId]/route";
import { POST as registerVersion } from "@/app/api/v1/models/[modelId]/versions/route";
import { GET as listModels, POST as createModel } from "@/app/api/v1/models/route";
import { POST as reportCheck } from "@/app/api/v1/versions/[versionId]/checks/route";
import { classifyError } from "./database-errors";

/**
 * Issue 16, findings 1, 8, 9 and 11: hostile characters, invalid UTF-8, non-http links, chunked MLflow
 * bodies over the limit and an unreachable database, through the real routes. Each of these answered
 * 500 (or 201, or read the whole body) before the input policy.
 */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= createCast(db.prisma));

const slug = () => `m-${Math.random().toString(36).slice(2, 10)}`;
const modelBody = (teamId: string, over: Record<string, unknown> = {}) => ({
  slug: slug(),
  title: "Churn",
  problemType: "CLASSIFICATION",
  criticality: "INTERNAL",
  teamId,
  ...over,
});

const HOSTILE: [string, string, RegExp][] = [
  ["NUL", "a\u0000b", /NUL/],
  ["lone surrogate", "a\ud800b", /surrogate/],
  ["ANSI escape", "\u001b[31mred", /U\+001B/],
  ["C1 control", "a\u0085b", /U\+0085/],
  ["bidi override", "abc\u202Etxt.exe", /U\+202E/],
];

describe("input policy on /api/v1", () => {
  it("refuses hostile characters in a title, a description, a parameter key and a check with 422 naming the field; writes nothing", async () => {
    const c = await cast();
    const before = await db.prisma.auditEvent.count();
    for (const [what, value, message] of HOSTILE) {
      const title = await callRoute(createModel, {
        method: "POST",
        token: c.ds.token,
        body: modelBody(c.team.id, { title: value }),
      });
      expect(title.status, what).toBe(422);
      expect(title.headers.get("content-type")).toBe("application/problem+json");
      expect(title.json.errors[0]).toMatchObject({ path: "title", message: expect.stringMatching(message) });
      const description = await callRoute(createModel, {
        method: "POST",
        token: c.ds.token,
        body: modelBody(c.team.id, { description: `ok\n${value}` }),
      });
      expect(description.json.errors?.[0]?.path, what).toBe("description");
    }
    expect(await db.prisma.auditEvent.count()).toBe(before);
    // Free text keeps tabs and line breaks; a single-line field does not.
    expect(
      (
        await callRoute(createModel, {
          method: "POST",
          token: c.ds.token,
          body: modelBody(c.team.id, { description: "line 1\n\tline 2\r\n" }),
        })
      ).status,
    ).toBe(201);
    const newline = await callRoute(createModel, {
      method: "POST",
      token: c.ds.token,
      body: modelBody(c.team.id, { title: "two\nlines" }),
    });
    expect(newline.json.errors).toEqual([{ path: "title", message: "Must be a single line (no tab or line break)." }]);

    const m = (await callRoute(createModel, { method: "POST", token: c.ds.token, body: modelBody(c.team.id) })).json;
    const version = {
      artifactUri: "s3://b/m",
      parameters: { "ok\u0000key": 1, nested: { deep: ["fine", "x\ud83d"] } },
    };
    const v = await callRoute(registerVersion, {
      method: "POST",
      token: c.ds.token,
      params: { modelId: m.id },
      body: version,
    });
    expect(v.status).toBe(422);
    expect(v.json.errors.map((e: { path: string }) => e.path)).toEqual([
      "parameters.ok\\u0000key",
      "parameters.nested.deep.1",
    ]);
    expect(await db.prisma.modelVersion.count({ where: { modelId: m.id } })).toBe(0);
    const patched = await callRoute(patchModel, {
      method: "PATCH",
      token: c.ds.token,
      params: { modelId: m.id },
      body: { title: "x\u0007" },
    });
    expect(patched.status).toBe(422);
  });

  it("checks path and query parameters by the same rule (a NUL in a slug was a 500)", async () => {
    const c = await cast();
    const r = await callRoute(getModel, { token: c.ds.token, params: { modelId: "credit-default-scoring\u0000" } });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("params.modelId");
    const q = await callRoute(listModels, { token: c.ds.token, path: "/api/v1/models?search=%00" });
    expect(q.status).toBe(422);
    expect(q.json.errors[0].path).toBe("query.search");
  });

  it("refuses invalid UTF-8 with 400 instead of replacing it", async () => {
    const c = await cast();
    const bytes = Buffer.concat([
      Buffer.from(`{"slug":"${slug()}","title":"caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`","problemType":"CLASSIFICATION","criticality":"INTERNAL"}`),
    ]);
    const req = new Request("http://localhost/api/v1/models", {
      method: "POST",
      headers: { authorization: `Bearer ${c.ds.token}`, "content-type": "application/json" },
      body: bytes,
    });
    const res = await createModel(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/UTF-8/);
  });

  it("accepts only http(s) check links (javascript: was accepted)", async () => {
    const c = await cast();
    const m = (await callRoute(createModel, { method: "POST", token: c.ds.token, body: modelBody(c.team.id) })).json;
    const v = (
      await callRoute(registerVersion, {
        method: "POST",
        token: c.ds.token,
        params: { modelId: m.id },
        body: { artifactUri: "s3://b/m" },
      })
    ).json;
    for (const url of ["javascript:alert(1)", "data:text/html,<script>1</script>", "file:///etc/passwd"]) {
      const r = await callRoute(reportCheck, {
        method: "POST",
        token: c.it.token,
        params: { versionId: v.id },
        body: { name: "ci", status: "PASS", url },
      });
      expect(r.status, url).toBe(422);
      expect(r.json.errors[0].path).toBe("url");
    }
    expect(
      (
        await callRoute(reportCheck, {
          method: "POST",
          token: c.it.token,
          params: { versionId: v.id },
          body: { name: "ci", status: "PASS", url: "https://ci.example.com/1" },
        })
      ).status,
    ).toBe(201);
  });
});

describe("input policy on the MLflow API", () => {
  it("answers INVALID_PARAMETER_VALUE (400) for hostile characters in query and body fields", async () => {
    const c = await cast();
    const get = await callMlflow(mlflow.GET, "GET", "registered-models/get", {
      token: c.ds.token,
      query: { name: "\u0000" },
    });
    expect(get.status).toBe(400);
    expect(get.json).toMatchObject({
      error_code: "INVALID_PARAMETER_VALUE",
      message: expect.stringMatching(/'name'.*NUL/),
    });
    const created = await callMlflow(mlflow.POST, "POST", "registered-models/create", {
      token: c.ds.token,
      body: { name: `ok-${slug()}` },
    });
    expect(created.status).toBe(200);
    const tag = await callMlflow(mlflow.POST, "POST", "registered-models/set-tag", {
      token: c.ds.token,
      body: { name: created.json.registered_model.name, key: "k", value: "v\u0000" },
    });
    expect(tag.status).toBe(400);
    expect(tag.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    const exp = await callMlflow(mlflow.POST, "POST", "experiments/create", {
      token: c.ds.token,
      body: { name: "e\ud800" },
    });
    expect(exp.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("stops reading a chunked body at the size limit with 413, like /api/v1", async () => {
    const c = await cast();
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request("http://localhost/api/2.0/mlflow/registered-models/create", {
      method: "POST",
      headers: { authorization: `Bearer ${c.ds.token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await mlflow.POST(req, { params: Promise.resolve({ path: ["registered-models", "create"] }) });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("database errors", () => {
  it("maps a value PostgreSQL refuses to 422 and keeps unknown faults as they are", async () => {
    const refused = await db.prisma.$queryRaw`SELECT ${"a\u0000"}::text`.catch((e: unknown) => e);
    expect(classifyError(refused)).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    const overflow = await db.prisma.$queryRaw`SELECT ${"99999999999"}::int`.catch((e: unknown) => e);
    expect(classifyError(overflow)).toMatchObject({ code: "VALIDATION_FAILED" });
    const bug = new TypeError("x is undefined");
    expect(classifyError(bug)).toBe(bug);
  });

  it("answers 503 with Retry-After (MLflow: TEMPORARILY_UNAVAILABLE) while the database is unreachable", async () => {
    const c = await cast();
    const dead = await connect({ url: "postgresql://postgres@127.0.0.1:1/none" });
    const deadPrisma = createPrismaClient(dead);
    installDatabase({ prisma: deadPrisma, connection: dead });
    try {
      const r = await callRoute(listModels, { token: c.ds.token });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      const m = await callMlflow(mlflow.GET, "GET", "registered-models/search", { token: c.ds.token });
      expect(m.status).toBe(503);
      expect(m.json.error_code).toBe("TEMPORARILY_UNAVAILABLE");
      expect(m.headers.get("retry-after")).toBe("5");
    } finally {
      installDatabase({ prisma: db.prisma, connection: db.connection });
      await deadPrisma.$disconnect();
      await dead.close();
    }
    expect((await callRoute(listModels, { token: c.ds.token })).status).toBe(200);
  });
});
