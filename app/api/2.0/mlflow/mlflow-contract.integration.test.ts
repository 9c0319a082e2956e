import { describe, expect, it } from "vitest";
import { encodePageToken } from "@/lib/domain/mlflow/page-token";
import {
  ZMlflowEmptyResponse,
  ZMlflowError,
  ZMlflowModelVersionResponse,
  ZMlflowRegisteredModelResponse,
  ZMlflowSearchModelVersionsResponse,
  ZMlflowSearchRegisteredModelsResponse,
} from "@/lib/schemas/mlflow";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import {
  callMlflow,
  createCast,
  createTestToken,
  createTestUser,
  seedDefaultPolicies,
  sessionCookie,
  uniq,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { DELETE as ajaxDelete, GET as ajaxGet } from "../../../ajax-api/2.0/mlflow/[...path]/route";
import * as route from "./[...path]/route";

/**
 * The MLflow registry contract (../shared/MLFLOW_COMPAT.md): every endpoint, every error code it lists,
 * the golden shapes, the traps (duplicate name → 400, missing alias → 400), paging and the filter grammar.
 * Gates through MLflow's verbs are in mlflow-governance.integration.test.ts.
 */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

const api = (method: Method, path: string, opts: Parameters<typeof callMlflow>[3] = {}) =>
  callMlflow(route[method], method, path, opts);
const get = (path: string, token: string, query: NonNullable<Parameters<typeof callMlflow>[3]>["query"]) =>
  api("GET", path, { token, query });
const post = (path: string, token: string, body: unknown) => api("POST", path, { token, body });

let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= (async () => (await seedDefaultPolicies(db.prisma), createCast(db.prisma)))());

const newName = (label = "Model") => `${label} ${uniq("m")}`;

async function createModel(token: string, name = newName(), extra: Record<string, unknown> = {}) {
  const r = await post("registered-models/create", token, { name, ...extra });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return name;
}

async function createVersion(token: string, name: string, extra: Record<string, unknown> = {}) {
  const r = await post("model-versions/create", token, {
    name,
    source: `s3://bucket/${encodeURIComponent(name)}/model`,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return ZMlflowModelVersionResponse.parse(r.json).model_version;
}

function expectError(r: { status: number; json: unknown }, status: number, code: string, message?: string | RegExp) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  const e = ZMlflowError.parse(r.json);
  expect(e.error_code).toBe(code);
  if (message) expect(e.message).toMatch(message);
}

describe("transport: paths, methods, bodies", () => {
  it("answers unknown paths with a JSON 404 ENDPOINT_NOT_FOUND on both prefixes, whatever the method", async () => {
    const { ds } = await cast();
    expectError(
      await api("GET", "registered-models/nope", { token: ds.token }),
      404,
      "ENDPOINT_NOT_FOUND",
      "No API endpoint found for GET /api/2.0/mlflow/registered-models/nope",
    );
    expectError(await api("POST", "experiments/list", { token: ds.token, body: {} }), 404, "ENDPOINT_NOT_FOUND");
    const ajax = await callMlflow(ajaxGet, "GET", "nothing/here", { token: ds.token, prefix: "/ajax-api/2.0/mlflow" });
    expectError(ajax, 404, "ENDPOINT_NOT_FOUND", "/ajax-api/2.0/mlflow/nothing/here");
    expect(ajax.headers.get("content-type")).toBe("application/json");
  });

  it("answers a known path with the wrong method 405 in the JSON error shape, with Allow", async () => {
    const { ds } = await cast();
    const r = await api("POST", "registered-models/get", { token: ds.token, body: { name: "x" } });
    expectError(r, 405, "BAD_REQUEST", /not allowed.*Allowed: GET/);
    expect(r.headers.get("allow")).toBe("GET");
    expectError(await api("POST", "model-versions/search", { token: ds.token, body: {} }), 405, "BAD_REQUEST");
    expectError(await api("PUT", "registered-models/create", { token: ds.token, body: {} }), 405, "BAD_REQUEST");
    expect(
      (await api("GET", "registered-models/alias", { token: ds.token, query: { name: "x", alias: "y" } })).status,
    ).not.toBe(405);
  });

  it("requires application/json bodies, valid JSON, required fields and field types", async () => {
    const { ds } = await cast();
    expectError(
      await api("POST", "registered-models/create", {
        token: ds.token,
        rawBody: '{"name":"x"}',
        contentType: "text/plain",
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Content-Type must be one of ['application/json']",
    );
    expectError(
      await api("POST", "registered-models/create", { token: ds.token, rawBody: '{"name":"x"}', contentType: null }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Content-Type must be one of ['application/json']",
    );
    expectError(
      await api("POST", "registered-models/create", { token: ds.token, rawBody: "{nope" }),
      400,
      "BAD_REQUEST",
      /Malformed JSON/,
    );
    expectError(
      await post("registered-models/create", ds.token, {}),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'name'",
    );
    expectError(
      await post("registered-models/create", ds.token, { name: "" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'name'",
    );
    expectError(
      await post("registered-models/create", ds.token, { name: 5 }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Invalid value 5 for parameter 'name' supplied",
    );
    expectError(
      await get("registered-models/get", ds.token, {}),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'name'",
    );
  });

  it("refuses anonymous and bad credentials with UNAUTHENTICATED 401", async () => {
    const { ds } = await cast();
    const anon = await api("GET", "registered-models/search");
    expectError(anon, 401, "UNAUTHENTICATED", /MLFLOW_TRACKING_TOKEN/);
    expect(anon.headers.get("www-authenticate")).toBe('Basic realm="modelgate"');
    const anonAjax = await callMlflow(ajaxGet, "GET", "registered-models/search", { prefix: "/ajax-api/2.0/mlflow" });
    expect(anonAjax.status).toBe(401);
    expect(anonAjax.headers.get("www-authenticate")).toBeNull();
    expectError(
      await api("GET", "registered-models/search", { token: "mg_not-a-real-token-at-all-000000" }),
      401,
      "UNAUTHENTICATED",
    );
    const revoked = await createTestToken(db.prisma, ds.user.id, ["read"], { revoked: true });
    expectError(await api("GET", "registered-models/search", { token: revoked }), 401, "UNAUTHENTICATED");
    const expired = await createTestToken(db.prisma, ds.user.id, ["read"], { expired: true });
    expectError(await api("GET", "registered-models/search", { token: expired }), 401, "UNAUTHENTICATED");
    const malformed = await callMlflow(route.GET, "GET", "registered-models/search", {});
    expect(malformed.status).toBe(401);
    expectError(
      await api("GET", "registered-models/search", { basic: { username: "nobody", password: "" } }),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("accepts basic auth with the account password or with an API token of that user, and the session on ajax-api", async () => {
    const { team } = await cast();
    const { user } = await createTestUser(db.prisma, {
      roles: ["DATA_SCIENTIST"],
      teamId: team.id,
      password: "correct horse battery",
    });
    const token = await createTestToken(db.prisma, user.id, ["read", "write"]);
    const other = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], teamId: team.id });
    const otherToken = await createTestToken(db.prisma, other.user.id, ["read"]);
    expect(
      (
        await api("GET", "registered-models/search", {
          basic: { username: user.email, password: "correct horse battery" },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api("GET", "registered-models/search", { basic: { username: user.email.toUpperCase(), password: token } }))
        .status,
    ).toBe(200);
    expectError(
      await api("GET", "registered-models/search", { basic: { username: user.email, password: "wrong" } }),
      401,
      "UNAUTHENTICATED",
      "Wrong email or password.",
    );
    expectError(
      await api("GET", "registered-models/search", { basic: { username: user.email, password: otherToken } }),
      401,
      "UNAUTHENTICATED",
      /does not belong/,
    );
    const created = await api("POST", "registered-models/create", {
      basic: { username: user.email, password: token },
      body: { name: newName("Basic") },
    });
    expect(created.status).toBe(200);
    const viaCookie = await callMlflow(ajaxGet, "GET", "registered-models/get", {
      cookie: await sessionCookie(user.id),
      prefix: "/ajax-api/2.0/mlflow",
      query: { name: created.json.registered_model.name },
    });
    expect(viaCookie.status).toBe(200);
    ZMlflowRegisteredModelResponse.parse(viaCookie.json);
  });

  it("applies RBAC: a read-only token cannot write, a manager cannot register, another team cannot change a model", async () => {
    const c = await cast();
    const readOnly = await createTestToken(db.prisma, c.ds.user.id, ["read"]);
    expectError(
      await post("registered-models/create", readOnly, { name: newName() }),
      403,
      "PERMISSION_DENIED",
      /models:write/,
    );
    expectError(await post("registered-models/create", c.manager.token, { name: newName() }), 403, "PERMISSION_DENIED");
    expectError(await post("registered-models/create", c.it.token, { name: newName() }), 403, "PERMISSION_DENIED");
    const name = await createModel(c.ds.token);
    expectError(
      await post("registered-models/set-tag", c.outsider.token, { name, key: "k", value: "v" }),
      403,
      "PERMISSION_DENIED",
      /Only the/,
    );
    expectError(
      await post("model-versions/create", c.outsider.token, { name, source: "s3://b/m" }),
      403,
      "PERMISSION_DENIED",
    );
    expect((await get("registered-models/get", c.outsider.token, { name })).status).toBe(200);
  });
});

describe("registered models", () => {
  it("createRegisteredModel: golden shape, a Modelgate model owned by the caller's team, audited", async () => {
    const c = await cast();
    const name = newName("Fraud Detector");
    const r = await post("registered-models/create", c.ds.token, {
      name,
      description: "d",
      tags: [{ key: "team", value: "risk" }],
    });
    expect(r.status).toBe(200);
    const rm = ZMlflowRegisteredModelResponse.parse(r.json).registered_model;
    expect(Object.keys(rm)).toEqual(["name", "creation_timestamp", "last_updated_timestamp", "description", "tags"]);
    expect(rm).toMatchObject({ name, description: "d", tags: [{ key: "team", value: "risk" }] });
    const model = await db.prisma.model.findFirstOrThrow({ where: { mlflowName: name } });
    expect(model).toMatchObject({
      teamId: c.team.id,
      dsOwnerId: c.ds.user.id,
      criticality: "MISSION_CRITICAL",
      problemType: "OTHER",
      title: name,
      description: "d",
    });
    expect(model.slug).toMatch(/^fraud-detector-m-[0-9a-f]{8}$/);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: model.id, action: "model.created" },
    });
    expect(audit).toMatchObject({ actorId: c.ds.user.id, actorType: "token" });
    expect(audit.metadata).toMatchObject({ via: "mlflow" });
  });

  it("takes criticality and problem type from modelgate tags, and a slug-shaped name as the slug", async () => {
    const c = await cast();
    const name = uniq("churn");
    await createModel(c.ds.token, name, {
      tags: [
        { key: "modelgate.criticality", value: "internal" },
        { key: "modelgate.problem_type", value: "regression" },
      ],
    });
    expect(await db.prisma.model.findUniqueOrThrow({ where: { slug: name } })).toMatchObject({
      mlflowName: null,
      criticality: "INTERNAL",
      problemType: "REGRESSION",
    });
    expectError(
      await post("registered-models/create", c.ds.token, {
        name: newName(),
        tags: [{ key: "modelgate.criticality", value: "extreme" }],
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /MISSION_CRITICAL or INTERNAL/,
    );
  });

  it("refuses a taken name with RESOURCE_ALREADY_EXISTS and status 400 (MLflow's trap), and bad tags", async () => {
    const { ds, ds2 } = await cast();
    const name = await createModel(ds.token);
    expectError(
      await post("registered-models/create", ds2.token, { name }),
      400,
      "RESOURCE_ALREADY_EXISTS",
      `Registered Model (name=${name}) already exists.`,
    );
    expectError(
      await post("registered-models/create", ds.token, { name: newName(), tags: [{ key: "bad$key", value: "v" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid tag name/,
    );
    expectError(
      await post("registered-models/create", ds.token, {
        name: newName(),
        tags: [{ key: "k", value: "v".repeat(100_001) }],
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /length limit of 100000/,
    );
    expectError(
      await post("registered-models/create", ds.token, { name: newName(), tags: [{ key: "k" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /tags.value/,
    );
    expectError(
      await post("registered-models/create", ds.token, { name: "   " }),
      400,
      "INVALID_PARAMETER_VALUE",
      /cannot be empty/,
    );
  });

  it("renameRegisteredModel: renames, keeps names unique, refuses unknown models and missing new_name", async () => {
    const { ds, outsider } = await cast();
    const name = await createModel(ds.token);
    const other = await createModel(ds.token);
    const target = newName("Renamed");
    const r = await post("registered-models/rename", ds.token, { name, new_name: target });
    expect(ZMlflowRegisteredModelResponse.parse(r.json).registered_model.name).toBe(target);
    expectError(await get("registered-models/get", ds.token, { name }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(
      await post("registered-models/rename", ds.token, { name: target, new_name: other }),
      400,
      "RESOURCE_ALREADY_EXISTS",
    );
    expectError(
      await post("registered-models/rename", ds.token, { name: "no such model", new_name: "x" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      "Registered Model with name=no such model not found",
    );
    expectError(
      await post("registered-models/rename", ds.token, { name: target }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'new_name'",
    );
    expectError(
      await post("registered-models/rename", outsider.token, { name: target, new_name: newName() }),
      403,
      "PERMISSION_DENIED",
    );
    const slugName = uniq("renamed-slug");
    await post("registered-models/rename", ds.token, { name: target, new_name: slugName });
    expect(await db.prisma.model.findUniqueOrThrow({ where: { slug: slugName } })).toMatchObject({ mlflowName: null });
    expect(
      await db.prisma.auditEvent.count({ where: { action: "model.renamed", actorId: ds.user.id } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("updateRegisteredModel (PATCH) changes the description through Modelgate's own use case", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    const r = await api("PATCH", "registered-models/update", {
      token: ds.token,
      body: { name, description: "new words" },
    });
    expect(ZMlflowRegisteredModelResponse.parse(r.json).registered_model.description).toBe("new words");
    expect((await db.prisma.model.findFirstOrThrow({ where: { mlflowName: name } })).description).toBe("new words");
    expectError(
      await api("PATCH", "registered-models/update", {
        token: ds.token,
        body: { name: "missing model", description: "x" },
      }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await api("PATCH", "registered-models/update", {
        token: ds.token,
        body: { name, description: "x".repeat(20_001) },
      }),
      400,
      "INVALID_PARAMETER_VALUE",
    );
  });

  it("deleteRegisteredModel archives the model in Modelgate, hides it from MLflow and frees its name", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    await createVersion(ds.token, name);
    const r = await api("DELETE", "registered-models/delete", { token: ds.token, body: { name } });
    expect(r.status).toBe(200);
    expect(ZMlflowEmptyResponse.parse(r.json)).toEqual({});
    const model = await db.prisma.model.findFirstOrThrow({ where: { mlflowName: name }, include: { versions: true } });
    expect(model.archivedAt).not.toBeNull();
    expect(model.versions.map((v) => v.stage)).toEqual(["ARCHIVED"]);
    expectError(await get("registered-models/get", ds.token, { name }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(
      await api("DELETE", "registered-models/delete", { token: ds.token, body: { name } }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    await createModel(ds.token, name);
  });

  it("getRegisteredModel: golden shape with latest versions per stage, tags and aliases", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token, newName("fraud"), {
      description: "d",
      tags: [{ key: "team", value: "risk" }],
    });
    await createVersion(ds.token, name);
    await createVersion(ds.token, name);
    const v1 = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name }, number: 1 } });
    await db.prisma.modelVersion.update({ where: { id: v1.id }, data: { stage: "MONITORING" } });
    expect((await post("registered-models/alias", ds.token, { name, alias: "challenger", version: "2" })).json).toEqual(
      {},
    );
    const r = await get("registered-models/get", ds.token, { name });
    const rm = ZMlflowRegisteredModelResponse.parse(r.json).registered_model;
    expect(Object.keys(rm)).toEqual([
      "name",
      "creation_timestamp",
      "last_updated_timestamp",
      "description",
      "latest_versions",
      "tags",
      "aliases",
    ]);
    expect(rm.latest_versions!.map((v) => [v.version, v.current_stage])).toEqual([
      ["1", "Production"],
      ["2", "None"],
    ]);
    expect(rm.tags).toEqual([{ key: "team", value: "risk" }]);
    expect(rm.aliases).toEqual([
      { alias: "challenger", version: "2" },
      { alias: "champion", version: "1" },
    ]);
    expect(typeof rm.creation_timestamp).toBe("number");
    expectError(
      await get("registered-models/get", ds.token, { name: "nobody knows" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      "Registered Model with name=nobody knows not found",
    );
  });

  it("searchRegisteredModels: filter grammar, order_by, next_page_token paging, limits", async () => {
    const { ds } = await cast();
    const prefix = uniq("search");
    for (const n of ["b", "a", "c"])
      await createModel(ds.token, `${prefix}-${n}`, { tags: [{ key: "letter", value: n }] });
    const names = (json: unknown) =>
      (ZMlflowSearchRegisteredModelsResponse.parse(json).registered_models ?? []).map((m) => m.name);
    expect(
      names((await get("registered-models/search", ds.token, { filter: `name LIKE '${prefix}-%'` })).json),
    ).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(
      names(
        (
          await get("registered-models/search", ds.token, {
            filter: `name ILIKE '${prefix.toUpperCase()}-%'`,
            order_by: "name DESC",
          })
        ).json,
      ),
    ).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
    expect(names((await get("registered-models/search", ds.token, { filter: `name = '${prefix}-b'` })).json)).toEqual([
      `${prefix}-b`,
    ]);
    expect(
      names(
        (
          await get("registered-models/search", ds.token, {
            filter: `name LIKE '${prefix}%' AND name != '${prefix}-b'`,
          })
        ).json,
      ),
    ).toEqual([`${prefix}-a`, `${prefix}-c`]);
    expect(
      names(
        (await get("registered-models/search", ds.token, { filter: `tags.letter = 'c' AND name LIKE '${prefix}%'` }))
          .json,
      ),
    ).toEqual([`${prefix}-c`]);
    expect(
      names(
        (
          await get("registered-models/search", ds.token, {
            filter: `name LIKE '${prefix}%'`,
            order_by: ["timestamp DESC"],
          })
        ).json,
      ),
    ).toEqual([`${prefix}-c`, `${prefix}-a`, `${prefix}-b`]);
    expect(
      names(
        (
          await api("GET", "registered-models/search", {
            token: ds.token,
            query: `filter=${encodeURIComponent(`name LIKE '${prefix}%'`)}&order_by[0]=last_updated_timestamp%20ASC`,
          })
        ).json,
      ),
    ).toEqual([`${prefix}-b`, `${prefix}-a`, `${prefix}-c`]);

    const page1 = ZMlflowSearchRegisteredModelsResponse.parse(
      (await get("registered-models/search", ds.token, { filter: `name LIKE '${prefix}%'`, max_results: "2" })).json,
    );
    expect(page1.registered_models!.map((m) => m.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    // Keyset tokens (issue 18): opaque base64url, never MLflow's offset; an offset token is refused, not misread.
    expect(page1.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    expectError(
      await get("registered-models/search", ds.token, {
        filter: `name LIKE '${prefix}%'`,
        max_results: "2",
        page_token: encodePageToken(2),
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /^Invalid page token: offset page tokens are not accepted/,
    );
    const page2 = ZMlflowSearchRegisteredModelsResponse.parse(
      (
        await get("registered-models/search", ds.token, {
          filter: `name LIKE '${prefix}%'`,
          max_results: "2",
          page_token: page1.next_page_token!,
        })
      ).json,
    );
    expect(page2.registered_models!.map((m) => m.name)).toEqual([`${prefix}-c`]);
    expect(page2.next_page_token).toBeUndefined();
    expect((await get("registered-models/search", ds.token, { filter: "name = 'nothing at all'" })).json).toEqual({});

    expectError(
      await get("registered-models/search", ds.token, { max_results: "1001" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "It must be at most 1000, but got value 1001",
    );
    expectError(
      await get("registered-models/search", ds.token, { max_results: "ten" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid value ten for parameter 'max_results'/,
    );
    expectError(
      await get("registered-models/search", ds.token, { filter: "run_id = 'x'" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid attribute key 'run_id'/,
    );
    expectError(
      await get("registered-models/search", ds.token, { filter: "name IN ('x')" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid comparator 'IN'/,
    );
    expectError(
      await get("registered-models/search", ds.token, { filter: "name = 'a' OR name = 'b'" }),
      400,
      "INVALID_PARAMETER_VALUE",
    );
    expectError(
      await get("registered-models/search", ds.token, { order_by: "creation_timestamp" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid order by key/,
    );
    expectError(
      await get("registered-models/search", ds.token, { page_token: "!!!" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /^Invalid page token/,
    );
  });

  it("getLatestVersions: the newest of every stage by default (as a 2.11 server answers), stages case-insensitive in every repeated form", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    for (let i = 0; i < 4; i++) await createVersion(ds.token, name);
    const ids = await db.prisma.modelVersion.findMany({
      where: { model: { mlflowName: name } },
      orderBy: { number: "asc" },
      select: { id: true },
    });
    await db.prisma.modelVersion.update({ where: { id: ids[0]!.id }, data: { stage: "UAT" } });
    await db.prisma.modelVersion.update({ where: { id: ids[1]!.id }, data: { stage: "DEPLOYMENT" } });
    await db.prisma.modelVersion.update({ where: { id: ids[2]!.id }, data: { stage: "MONITORING" } });
    const versions = (json: { model_versions?: { version: string; current_stage: string }[] }) =>
      (json.model_versions ?? []).map((v) => `${v.version}:${v.current_stage}`);
    expect(versions((await post("registered-models/get-latest-versions", ds.token, { name })).json).sort()).toEqual([
      "2:Staging",
      "3:Production",
      "4:None",
    ]);
    expect(
      versions(
        (
          await api("GET", "registered-models/get-latest-versions", {
            token: ds.token,
            query: `name=${encodeURIComponent(name)}`,
          })
        ).json,
      ).sort(),
    ).toEqual(["2:Staging", "3:Production", "4:None"]);
    // The case observed on a real 2.11 server: only None-stage versions → the newest of them, not [].
    const fresh = await createModel(ds.token);
    for (let i = 0; i < 5; i++) await createVersion(ds.token, fresh);
    expect(versions((await post("registered-models/get-latest-versions", ds.token, { name: fresh })).json)).toEqual([
      "5:None",
    ]);
    expect(
      versions((await post("registered-models/get-latest-versions", ds.token, { name, stages: ["none"] })).json),
    ).toEqual(["4:None"]);
    expect(
      versions(
        (
          await api("GET", "registered-models/get-latest-versions", {
            token: ds.token,
            query: `name=${encodeURIComponent(name)}&stages=Production&stages=none`,
          })
        ).json,
      ),
    ).toEqual(["3:Production", "4:None"]);
    expect(
      versions(
        (
          await api("GET", "registered-models/get-latest-versions", {
            token: ds.token,
            query: `name=${encodeURIComponent(name)}&stages=STAGING`,
          })
        ).json,
      ),
    ).toEqual(["2:Staging"]);
    expect(
      versions(
        (
          await api("GET", "registered-models/get-latest-versions", {
            token: ds.token,
            query: `name=${encodeURIComponent(name)}&stages[0]=staging&stages[1]=production`,
          })
        ).json,
      ),
    ).toEqual(["2:Staging", "3:Production"]);
    expectError(
      await post("registered-models/get-latest-versions", ds.token, { name, stages: ["Prod"] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid Model Version stage: Prod/,
    );
    expectError(
      await post("registered-models/get-latest-versions", ds.token, { name: "gone" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
  });

  it("registered-model tags: set, overwrite, delete, silent no-op for a missing key, limits", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    expect(
      ZMlflowEmptyResponse.parse(
        (await post("registered-models/set-tag", ds.token, { name, key: "owner", value: "risk" })).json,
      ),
    ).toEqual({});
    await post("registered-models/set-tag", ds.token, { name, key: "owner", value: "fraud" });
    await post("registered-models/set-tag", ds.token, { name, key: "empty", value: "" });
    expect(
      ZMlflowRegisteredModelResponse.parse((await get("registered-models/get", ds.token, { name })).json)
        .registered_model.tags,
    ).toEqual([
      { key: "empty", value: "" },
      { key: "owner", value: "fraud" },
    ]);
    expect(
      (await api("DELETE", "registered-models/delete-tag", { token: ds.token, body: { name, key: "owner" } })).json,
    ).toEqual({});
    expect(
      (await api("DELETE", "registered-models/delete-tag", { token: ds.token, body: { name, key: "never-set" } })).json,
    ).toEqual({});
    expect(
      ZMlflowRegisteredModelResponse.parse((await get("registered-models/get", ds.token, { name })).json)
        .registered_model.tags,
    ).toEqual([{ key: "empty", value: "" }]);
    expectError(
      await post("registered-models/set-tag", ds.token, { name, key: "k".repeat(251), value: "v" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /length limit of 250/,
    );
    expectError(
      await post("registered-models/set-tag", ds.token, { name, key: "k", value: "v".repeat(100_001) }),
      400,
      "INVALID_PARAMETER_VALUE",
    );
    expectError(
      await post("registered-models/set-tag", ds.token, { name, key: "k" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'value'",
    );
    expectError(
      await post("registered-models/set-tag", ds.token, { name: "unknown", key: "k", value: "v" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await api("DELETE", "registered-models/delete-tag", { token: ds.token, body: { name: "unknown", key: "k" } }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expect(
      await db.prisma.auditEvent.count({
        where: { action: { in: ["model.tag_set", "model.tag_deleted"] }, actorId: ds.user.id },
      }),
    ).toBeGreaterThanOrEqual(4);
  });
});

describe("model versions", () => {
  it("createModelVersion: golden shape, READY, numbered atomically under concurrency", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token, newName("fraud"));
    const r = await post("model-versions/create", ds.token, {
      name,
      source: "s3://b/fraud/1",
      tags: [{ key: "fw", value: "sklearn" }],
    });
    const mv = ZMlflowModelVersionResponse.parse(r.json).model_version;
    expect(Object.keys(mv)).toEqual([
      "name",
      "version",
      "creation_timestamp",
      "last_updated_timestamp",
      "user_id",
      "current_stage",
      "description",
      "source",
      "run_id",
      "status",
      "tags",
      "run_link",
    ]);
    expect(mv).toMatchObject({
      name,
      version: "1",
      current_stage: "None",
      description: "",
      source: "s3://b/fraud/1",
      run_id: "",
      status: "READY",
      tags: [{ key: "fw", value: "sklearn" }],
      run_link: "",
      user_id: ds.user.email,
    });
    const created = await Promise.all(
      Array.from({ length: 6 }, () => post("model-versions/create", ds.token, { name, source: "s3://b/fraud/n" })),
    );
    expect(created.map((c) => Number(c.json.model_version.version)).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const v = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name }, number: 1 } });
    expect(v).toMatchObject({ stage: "DESIGN", artifactUri: "s3://b/fraud/1", createdById: ds.user.id });
    expect(await db.prisma.auditEvent.count({ where: { action: "version.registered", modelId: v.modelId } })).toBe(7);
  });

  it("createModelVersion: MLflow's source rules and RESOURCE_DOES_NOT_EXIST for a missing model", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    expectError(
      await post("model-versions/create", ds.token, { name: "no model", source: "s3://b/x" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await post("model-versions/create", ds.token, { name }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'source'",
    );
    expectError(
      await post("model-versions/create", ds.token, { name, source: "/tmp/model" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /To use a local path as a model version source/,
    );
    expectError(
      await post("model-versions/create", ds.token, {
        name,
        source: "/tmp/model",
        run_id: "0123456789abcdef0123456789abcdef",
      }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      /Run with id=/,
    );
    // MLflow's own words for relative references, and its decoding: encoded traversals and NULs are refused too.
    const relative =
      /an absolute path must be provided without relative path references present\. Please provide an absolute path\.$/;
    expectError(
      await post("model-versions/create", ds.token, { name, source: "s3://b/../etc" }),
      400,
      "INVALID_PARAMETER_VALUE",
      relative,
    );
    expectError(
      await post("model-versions/create", ds.token, {
        name,
        source: "mlflow-artifacts://host:9000/models/..%2f..%2fartifacts",
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      relative,
    );
    expectError(
      await post("model-versions/create", ds.token, {
        name,
        source: "mlflow-artifacts://host:9000/models/%252e%252e%252fx",
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      relative,
    );
    expectError(
      await post("model-versions/create", ds.token, {
        name,
        source: "http://host:5000/api/2.0/mlflow-artifacts/artifacts/artifact%00",
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      relative,
    );
    expectError(
      await post("model-versions/create", ds.token, { name, source: "s3://b/models/./x" }),
      400,
      "INVALID_PARAMETER_VALUE",
      relative,
    );
    const run = (await post("runs/create", ds.token, { experiment_id: "0" })).json.run.info;
    expectError(
      await post("model-versions/create", ds.token, { name, source: "/elsewhere/model", run_id: run.run_id }),
      400,
      "INVALID_PARAMETER_VALUE",
      /contained within the artifact directory/,
    );
    expect(
      (await post("model-versions/create", ds.token, { name, source: `${run.artifact_uri}/model`, run_id: run.run_id }))
        .status,
    ).toBe(200);
    expect(
      (await post("model-versions/create", ds.token, { name, source: `runs:/${run.run_id}/model`, run_id: run.run_id }))
        .status,
    ).toBe(200);
  });

  it("updateModelVersion (PATCH), getModelVersion, version numbers as strings", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    await createVersion(ds.token, name);
    const r = await api("PATCH", "model-versions/update", {
      token: ds.token,
      body: { name, version: "1", description: "better" },
    });
    expect(ZMlflowModelVersionResponse.parse(r.json).model_version.description).toBe("better");
    expect((await get("model-versions/get", ds.token, { name, version: "1" })).json.model_version.description).toBe(
      "better",
    );
    expectError(
      await get("model-versions/get", ds.token, { name, version: "one" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Model version must be an integer, got 'one'",
    );
    expectError(
      await get("model-versions/get", ds.token, { name, version: "9" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
      `Model Version (name=${name}, version=9) not found`,
    );
    expectError(
      await get("model-versions/get", ds.token, { name }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'version'",
    );
    expectError(
      await api("PATCH", "model-versions/update", { token: ds.token, body: { name, version: "x", description: "d" } }),
      400,
      "INVALID_PARAMETER_VALUE",
    );
    expectError(
      await api("PATCH", "model-versions/update", { token: ds.token, body: { name, version: "7", description: "d" } }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
  });

  it("transitionModelVersionStage: canonical stages, Archived at once, refusals", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token, newName(), {
      tags: [{ key: "modelgate.criticality", value: "INTERNAL" }],
    });
    await createVersion(ds.token, name);
    await createVersion(ds.token, name);
    const noop = await post("model-versions/transition-stage", ds.token, {
      name,
      version: "1",
      stage: "none",
      archive_existing_versions: false,
    });
    expect(ZMlflowModelVersionResponse.parse(noop.json).model_version.current_stage).toBe("None");
    const archived = await post("model-versions/transition-stage", ds.token, {
      name,
      version: "2",
      stage: "ARCHIVED",
      archive_existing_versions: false,
    });
    expect(ZMlflowModelVersionResponse.parse(archived.json).model_version.current_stage).toBe("Archived");
    expect(
      (await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name }, number: 2 } })).stage,
    ).toBe("ARCHIVED");
    expectError(
      await post("model-versions/transition-stage", ds.token, {
        name,
        version: "2",
        stage: "Staging",
        archive_existing_versions: false,
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /archived version cannot move/,
    );
    expectError(
      await post("model-versions/transition-stage", ds.token, {
        name,
        version: "1",
        stage: "Prod",
        archive_existing_versions: false,
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Invalid Model Version stage: Prod",
    );
    expectError(
      await post("model-versions/transition-stage", ds.token, { name, version: "1", stage: "Staging" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'archive_existing_versions'",
    );
    expectError(
      await post("model-versions/transition-stage", ds.token, {
        name,
        version: "1",
        stage: "None",
        archive_existing_versions: true,
      }),
      400,
      "INVALID_PARAMETER_VALUE",
      /not an Active stage/,
    );
    expectError(
      await post("model-versions/transition-stage", ds.token, {
        name,
        version: "5",
        stage: "Staging",
        archive_existing_versions: false,
      }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
  });

  it("deleteModelVersion archives the version, hides it from MLflow and drops its aliases; numbers are not reused", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    await createVersion(ds.token, name);
    await createVersion(ds.token, name);
    await post("registered-models/alias", ds.token, { name, alias: "candidate", version: "2" });
    expect(
      (await api("DELETE", "model-versions/delete", { token: ds.token, body: { name, version: "2" } })).json,
    ).toEqual({});
    expectError(await get("model-versions/get", ds.token, { name, version: "2" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(
      await get("registered-models/alias", ds.token, { name, alias: "candidate" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Registered model alias candidate not found.",
    );
    const row = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name }, number: 2 } });
    expect(row.stage).toBe("ARCHIVED");
    expect(row.mlflowDeletedAt).not.toBeNull();
    expect((await createVersion(ds.token, name)).version).toBe("3");
    expectError(
      await api("DELETE", "model-versions/delete", { token: ds.token, body: { name, version: "2" } }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
  });

  it("searchModelVersions: filters on name, version_number, run_id IN, source_path, tags; golden page token; limits", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token, newName("fraud"));
    const runs = [
      (await post("runs/create", ds.token, {})).json.run.info.run_id,
      (await post("runs/create", ds.token, {})).json.run.info.run_id,
    ];
    await createVersion(ds.token, name, {
      run_id: runs[0],
      source: "s3://b/a/model",
      tags: [{ key: "fw", value: "sklearn" }],
    });
    await createVersion(ds.token, name, { run_id: runs[1], source: "s3://b/b/model" });
    await createVersion(ds.token, name, { source: "gs://c/model" });
    const versions = (json: unknown) =>
      (ZMlflowSearchModelVersionsResponse.parse(json).model_versions ?? []).map((v) => v.version);
    const q = (filter: string, extra: Record<string, string> = {}) =>
      get("model-versions/search", ds.token, { filter, ...extra });
    expect(versions((await q(`name='${name}'`)).json)).toEqual(["3", "2", "1"]);
    expect(versions((await q(`name='${name}'`, { order_by: "version_number ASC" })).json)).toEqual(["1", "2", "3"]);
    expect(versions((await q(`name='${name}' AND version_number >= 2`)).json)).toEqual(["3", "2"]);
    expect(versions((await q(`name='${name}' AND run_id IN ('${runs[0]}', '${runs[1]}')`)).json)).toEqual(["2", "1"]);
    expect(versions((await q(`run_id = '${runs[1]}'`)).json)).toEqual(["2"]);
    expect(versions((await q(`name='${name}' AND source_path LIKE 's3://%'`)).json)).toEqual(["2", "1"]);
    expect(versions((await q(`name='${name}' AND tags.fw = 'sklearn'`)).json)).toEqual(["1"]);
    const page = await q(`name='${name}'`, { max_results: "1" });
    // Filtered searches page by keyset too (issue 18): MLflow's golden offset token is refused with a clear message.
    expect(page.json.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(versions(page.json)).toEqual(["3"]);
    expect(
      versions((await q(`name='${name}'`, { max_results: "1", page_token: page.json.next_page_token })).json),
    ).toEqual(["2"]);
    expectError(
      await q(`name='${name}'`, { max_results: "1", page_token: "eyJvZmZzZXQiOiAxfQ==" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /^Invalid page token: offset page tokens are not accepted/,
    );
    expectError(
      await q(`name='${name}'`, { max_results: "200001" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "It must be at most 200000",
    );
    expectError(await q("run_id LIKE 'a%'"), 400, "INVALID_PARAMETER_VALUE", /Invalid comparator 'LIKE'/);
    expectError(await q("stage = 'Production'"), 400, "INVALID_PARAMETER_VALUE", /Invalid attribute key 'stage'/);
    expectError(await q("version_number = 'two'"), 400, "INVALID_PARAMETER_VALUE", /Expected numeric value/);
    expectError(
      await get("model-versions/search", ds.token, { order_by: "stage" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid order by key 'stage'/,
    );
    expectError(
      await get("model-versions/search", ds.token, { page_token: btoa('{"offset": "x"}') }),
      400,
      "INVALID_PARAMETER_VALUE",
      /^Invalid page token/,
    );
  });

  it("getModelVersionDownloadUri answers the stored source (runs:/ included, as 2.11 does) and resolves copies to the original's location", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    const run = (await post("runs/create", ds.token, {})).json.run.info;
    await createVersion(ds.token, name, { source: `runs:/${run.run_id}/model`, run_id: run.run_id });
    await createVersion(ds.token, name, { source: "s3://bucket/m/2" });
    expect((await get("model-versions/get-download-uri", ds.token, { name, version: "1" })).json).toEqual({
      artifact_uri: `runs:/${run.run_id}/model`,
    });
    expect((await get("model-versions/get-download-uri", ds.token, { name, version: "2" })).json).toEqual({
      artifact_uri: "s3://bucket/m/2",
    });
    // copy_model_version: the copy's source is models:/<name>/<n>; its download URI is the original's.
    const copy = await createModel(ds.token);
    await createVersion(ds.token, copy, { source: `models:/${name}/2` });
    await createVersion(ds.token, copy, { source: `models:/${copy}/1` });
    expect((await get("model-versions/get", ds.token, { name: copy, version: "1" })).json.model_version.source).toBe(
      `models:/${name}/2`,
    );
    expect((await get("model-versions/get-download-uri", ds.token, { name: copy, version: "1" })).json).toEqual({
      artifact_uri: "s3://bucket/m/2",
    });
    expect((await get("model-versions/get-download-uri", ds.token, { name: copy, version: "2" })).json).toEqual({
      artifact_uri: "s3://bucket/m/2",
    });
    expectError(
      await get("model-versions/get-download-uri", ds.token, { name, version: "3" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
  });

  it("model-version tags: set, delete, no-op on a missing key, null value refused, evidence tags frozen", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    await createVersion(ds.token, name, { tags: [{ key: "modelgate.framework", value: "sklearn 1.5" }] });
    expect(
      (await post("model-versions/set-tag", ds.token, { name, version: "1", key: "validated", value: "yes" })).json,
    ).toEqual({});
    expect((await get("model-versions/get", ds.token, { name, version: "1" })).json.model_version.tags).toEqual([
      { key: "modelgate.framework", value: "sklearn 1.5" },
      { key: "validated", value: "yes" },
    ]);
    expect(
      (
        await api("DELETE", "model-versions/delete-tag", {
          token: ds.token,
          body: { name, version: "1", key: "validated" },
        })
      ).json,
    ).toEqual({});
    expect(
      (
        await api("DELETE", "model-versions/delete-tag", {
          token: ds.token,
          body: { name, version: "1", key: "validated" },
        })
      ).json,
    ).toEqual({});
    expectError(
      await post("model-versions/set-tag", ds.token, { name, version: "1", key: "k", value: null }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'value'",
    );
    expectError(
      await post("model-versions/set-tag", ds.token, {
        name,
        version: "1",
        key: "modelgate.framework",
        value: "torch",
      }),
      403,
      "PERMISSION_DENIED",
      /evidence/,
    );
    expectError(
      await post("model-versions/set-tag", ds.token, { name, version: "4", key: "k", value: "v" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await api("DELETE", "model-versions/delete-tag", { token: ds.token, body: { name, version: "4", key: "k" } }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expect((await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { mlflowName: name } } })).framework).toBe(
      "sklearn 1.5",
    );
  });
});

describe("aliases", () => {
  it("set, get (golden), move, delete; a missing alias is 400 (MLflow's trap); latest resolves the newest", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token, newName("fraud"));
    await createVersion(ds.token, name);
    await createVersion(ds.token, name);
    expect(
      ZMlflowEmptyResponse.parse(
        (await post("registered-models/alias", ds.token, { name, alias: "challenger", version: "2" })).json,
      ),
    ).toEqual({});
    const got = ZMlflowModelVersionResponse.parse(
      (await get("registered-models/alias", ds.token, { name, alias: "challenger" })).json,
    ).model_version;
    expect(got).toMatchObject({ version: "2", aliases: ["challenger"] });
    await post("registered-models/alias", ds.token, { name, alias: "challenger", version: "1" });
    expect(
      (await get("registered-models/alias", ds.token, { name, alias: "challenger" })).json.model_version.version,
    ).toBe("1");
    expect(
      (await get("model-versions/get", ds.token, { name, version: "2" })).json.model_version.aliases,
    ).toBeUndefined();
    expect((await get("registered-models/alias", ds.token, { name, alias: "latest" })).json.model_version.version).toBe(
      "2",
    );
    expect(
      ZMlflowEmptyResponse.parse(
        (await api("DELETE", "registered-models/alias", { token: ds.token, body: { name, alias: "challenger" } })).json,
      ),
    ).toEqual({});
    expect(
      (await api("DELETE", "registered-models/alias", { token: ds.token, body: { name, alias: "challenger" } })).json,
    ).toEqual({});
    expectError(
      await get("registered-models/alias", ds.token, { name, alias: "challenger" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Registered model alias challenger not found.",
    );
    expectError(
      await get("registered-models/alias", ds.token, { name: "unknown", alias: "x" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    const ajax = await callMlflow(ajaxDelete, "DELETE", "registered-models/alias", {
      token: ds.token,
      body: { name, alias: "gone" },
      prefix: "/ajax-api/2.0/mlflow",
    });
    expect(ajax).toMatchObject({ status: 200, json: {} });
    const modelId = (await db.prisma.model.findFirstOrThrow({ where: { mlflowName: name } })).id;
    expect(
      await db.prisma.auditEvent.count({
        where: { action: { in: ["model.alias_set", "model.alias_deleted"] }, modelId },
      }),
    ).toBe(3);
  });

  it("refuses reserved, malformed and over-long aliases, and unknown versions", async () => {
    const { ds } = await cast();
    const name = await createModel(ds.token);
    await createVersion(ds.token, name);
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "latest", version: "1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /reserved/,
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "LATEST", version: "1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /reserved/,
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "v1", version: "1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Version alias name 'v1' is reserved.",
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "bad alias", version: "1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /Invalid alias name/,
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "a".repeat(256), version: "1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /255/,
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "ok", version: "2" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await post("registered-models/alias", ds.token, { name: "unknown", alias: "ok", version: "1" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await post("registered-models/alias", ds.token, { name, alias: "ok" }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'version'",
    );
  });
});

describe("the 21 registry RPCs", () => {
  it("are all served, with MLflow's methods (get-latest-versions answers POST and GET)", async () => {
    const { REGISTRY_ENDPOINTS } = await import("@/lib/server/mlflow/registry-endpoints");
    const served = Object.entries(REGISTRY_ENDPOINTS)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .sort();
    expect(served).toEqual(
      [
        "POST registered-models/create",
        "POST registered-models/rename",
        "PATCH registered-models/update",
        "DELETE registered-models/delete",
        "GET registered-models/get",
        "GET registered-models/search",
        "POST registered-models/get-latest-versions",
        "GET registered-models/get-latest-versions",
        "POST model-versions/create",
        "PATCH model-versions/update",
        "POST model-versions/transition-stage",
        "DELETE model-versions/delete",
        "GET model-versions/get",
        "GET model-versions/search",
        "GET model-versions/get-download-uri",
        "POST registered-models/set-tag",
        "POST model-versions/set-tag",
        "DELETE registered-models/delete-tag",
        "DELETE model-versions/delete-tag",
        "POST registered-models/alias",
        "DELETE registered-models/alias",
        "GET registered-models/alias",
      ].sort(),
    );
  });
});

describe("denials on every endpoint", () => {
  it("refuses every registry and tracking RPC without credentials (401), and every write to a read-only token (403)", async () => {
    const { ds } = await cast();
    const { REGISTRY_ENDPOINTS } = await import("@/lib/server/mlflow/registry-endpoints");
    const { TRACKING_ENDPOINTS } = await import("@/lib/server/mlflow/tracking-endpoints");
    const readOnly = await createTestToken(db.prisma, ds.user.id, ["read"]);
    let writes = 0;
    for (const [path, methods] of Object.entries({ ...REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS })) {
      for (const [method, endpoint] of Object.entries(methods)) {
        const body = method === "GET" ? undefined : {};
        const anonymous = await api(method as Method, path, { body });
        expect(anonymous.status, `${method} ${path}`).toBe(401);
        expect(anonymous.json.error_code).toBe("UNAUTHENTICATED");
        if (endpoint!.permission === "models:read") continue;
        writes++;
        const denied = await api(method as Method, path, { token: readOnly, body });
        expect(denied.status, `${method} ${path}`).toBe(403);
        expect(denied.json.error_code).toBe("PERMISSION_DENIED");
      }
    }
    expect(writes).toBeGreaterThan(25);
  });
});

describe("error-code table", () => {
  it("answers every code of the one error table (lib/server/mlflow/mlflow-error.ts) with its status and body", async () => {
    // The table is read, not restated: what is checked is that an error thrown with a code reaches the client
    // with that code and the table's status. The statuses themselves are checked over HTTP by the tests above.
    const { MLFLOW_ERROR_STATUS, mlflowError, toMlflowError } = await import("@/lib/server/mlflow/mlflow-error");
    const codes = Object.keys(MLFLOW_ERROR_STATUS) as (keyof typeof MLFLOW_ERROR_STATUS)[];
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) {
      const answer = toMlflowError(mlflowError(code, `about ${code}`));
      expect(answer, code).toEqual({
        status: MLFLOW_ERROR_STATUS[code],
        body: { error_code: code, message: `about ${code}` },
      });
    }
  });

  it("keeps the audit chain intact after all of the above", async () => {
    await cast();
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
