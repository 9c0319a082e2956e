import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "@/lib/schemas/input-policy";
import { callRoute, createCast, seedDefaultPolicies, sessionCookie, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as mlflow from "@/app/api/2.0/mlflow/[...path]/route";
import { POST as createModel } from "@/app/api/v1/models/route";

/**
 * Found by the OpenAPI fuzz test once the routes of several issues met: a body nested 20,000 levels deep overflowed
 * the stack of a recursive reader after JSON.parse (MLflow's Python-style error text) and answered 500. Both
 * wrappers now refuse bodies nested deeper than MAX_JSON_DEPTH before any reader runs.
 */
const db = useTestDatabase();
const deep = (levels: number) => `${'[{"a":'.repeat(levels)}"x"${"}]".repeat(levels)}`;

describe("deeply nested bodies", () => {
  it("are measured without recursion", () => {
    expect(nestsDeeperThan(JSON.parse(deep(MAX_JSON_DEPTH / 2 - 1)))).toBe(false);
    expect(nestsDeeperThan(JSON.parse(deep(MAX_JSON_DEPTH)))).toBe(true);
    expect(nestsDeeperThan(JSON.parse(deep(200_000)))).toBe(true);
    expect(nestsDeeperThan({ a: "x", b: [1, 2, { c: null }] })).toBe(false);
  });

  it("get 400 in MLflow's shape and in problem+json, never 500, and write nothing", async () => {
    await seedDefaultPolicies(db.prisma);
    const cast = await createCast(db.prisma);
    const cookie = await sessionCookie(cast.ds.user.id);
    const before = await db.prisma.auditEvent.count();
    const res = await mlflow.POST(
      new Request("http://localhost/api/2.0/mlflow/runs/update", {
        method: "POST",
        headers: { cookie, origin: "http://localhost", "content-type": "application/json" },
        body: `{"run_id":${deep(20_000)}}`,
      }),
      { params: Promise.resolve({ path: ["runs", "update"] }) },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
    const v1 = await callRoute(createModel, {
      method: "POST",
      token: cast.ds.token,
      rawBody: `{"slug":"${uniq("m")}","title":${deep(20_000)}}`,
    });
    expect(v1.status).toBe(400);
    expect(v1.headers.get("content-type")).toBe("application/problem+json");
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });
});
