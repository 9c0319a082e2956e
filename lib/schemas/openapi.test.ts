import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { API_OPERATIONS, HTTP_METHODS, type TApiOperation } from "./api-catalog";
import {
  buildOpenApiDocument,
  createSchemaComponents,
  PROBLEM_REF,
  toOpenApiSchema,
  type TOpenApiOperation,
} from "./openapi";
import { ZRegisterVersionRequest } from "./models";

const ROOT = path.resolve(import.meta.dirname, "../..");
const doc = buildOpenApiDocument();

function operations(): [string, string, TOpenApiOperation][] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([m, op]) => [p, m, op] as [string, string, TOpenApiOperation]),
  );
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      doc,
    );
}

describe("buildOpenApiDocument", () => {
  it("is an OpenAPI 3.1.0 document with both security schemes and the Problem schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Modelgate API");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "next-auth.session-token",
    });
    expect(doc.components.schemas.Problem).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["type", "title", "status", "detail", "errors"]),
    });
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
    expect(JSON.stringify(doc)).not.toContain('"$defs"');
  });

  it("gives every operation a unique operationId and a declared tag", () => {
    const ids = operations().map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const [, , op] of operations()) expect(op.tags.every((t) => tags.has(t))).toBe(true);
  });

  it("declares exactly the path parameters its path names, all required", () => {
    for (const [p, m, op] of operations()) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      const declared = (op.parameters ?? []).filter((x) => x.in === "path");
      expect(declared.map((x) => x.name).sort(), `${m.toUpperCase()} ${p}`).toEqual(inPath);
      expect(declared.every((x) => x.required)).toBe(true);
    }
  });

  it("resolves every $ref inside the document", () => {
    const refs = collectRefs(doc);
    expect(refs).toContain(PROBLEM_REF);
    for (const ref of refs) expect(resolvePointer(ref), ref).toBeTypeOf("object");
  });

  it("lists 401 and 403 as problem+json on every authenticated operation, 422 wherever there is input", () => {
    for (const [p, m, op] of operations()) {
      const where = `${m.toUpperCase()} ${p}`;
      const problemStatuses = Object.entries(op.responses).filter(([, r]) => r.content?.["application/problem+json"]);
      for (const [, r] of problemStatuses)
        expect(r.content!["application/problem+json"]!.schema, where).toEqual({ $ref: PROBLEM_REF });
      if (op["x-auth"] === "public") {
        expect(op.security, where).toEqual([]);
        continue;
      }
      expect(op["x-permission"], where).toBeTruthy();
      for (const s of ["401", "403"])
        expect(op.responses[s]?.content?.["application/problem+json"], `${where} ${s}`).toBeDefined();
      if (op.parameters?.length || op.requestBody) expect(op.responses["422"], where).toBeDefined();
    }
  });

  it("describes a strict request body with additionalProperties: false and its required fields", () => {
    const schema = doc.paths["/api/v1/users"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["email", "name", "roles", "password"]);
    expect(doc.paths["/api/v1/users"]!.post!.responses["201"]).toBeDefined();
  });

  it("offers public operations without security and authenticated ones with the token scopes that open them", () => {
    expect(doc.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
    // No token scope opens users:manage (issue 16): sessions only.
    expect(doc.paths["/api/v1/users"]!.get!.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.paths["/api/v1/webhooks"]!.get!.security).toEqual([{ bearerAuth: ["admin"] }, { sessionCookie: [] }]);
    expect(doc.paths["/api/v1/teams"]!.get!.security).toEqual([{ bearerAuth: ["read"] }, { sessionCookie: [] }]);
  });
});

describe("toOpenApiSchema", () => {
  it("hoists recursive z.lazy schemas into components so every $ref resolves", () => {
    const c = createSchemaComponents();
    const body = toOpenApiSchema(ZRegisterVersionRequest, "input", c);
    const again = toOpenApiSchema(ZRegisterVersionRequest, "input", c);
    const ref = (body.properties!.parameters as z.core.JSONSchema.JSONSchema).additionalProperties as { $ref: string };
    expect(ref.$ref).toBe("#/components/schemas/JsonValue");
    expect(again).toEqual(body);
    expect(Object.keys(c.schemas)).toEqual(["JsonValue"]);
    expect(JSON.stringify(c.schemas.JsonValue)).toContain('"$ref":"#/components/schemas/JsonValue"');
  });

  it("hoists a schema that is recursive at its root", () => {
    const c = createSchemaComponents();
    expect(toOpenApiSchema(z.json(), "output", c)).toEqual({ $ref: "#/components/schemas/JsonValue" });
    expect(collectRefs(c.schemas)).toEqual(expect.arrayContaining(["#/components/schemas/JsonValue"]));
  });

  it("converts inputs with defaults as optional and outputs as required", () => {
    const c = createSchemaComponents();
    const query = z
      .object({
        q: z.string(),
        limit: z.coerce.number().int().default(25),
        archived: z.enum(["true", "false"]).transform((v) => v === "true"),
      })
      .strict();
    const input = toOpenApiSchema(query, "input", c);
    expect(input.required).toEqual(["q", "archived"]);
    expect(input.properties!.archived).toEqual({ type: "string", enum: ["true", "false"] });
    expect(input.additionalProperties).toBe(false);
    expect(toOpenApiSchema(query.omit({ archived: true }), "output", c).required).toEqual(["q", "limit"]);
  });
});

// ───────── the catalog against the route files on disk ─────────

type RouteExport = { method: string; path: string; file: string; block: string };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** `app/api/v1/users/[userId]/route.ts` → `/api/v1/users/{userId}`; route groups `(x)` vanish. */
function toOpenApiPath(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return (
    "/" +
    segments
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
      .join("/")
  );
}

function routeExports(): RouteExport[] {
  return routeFiles(path.join(ROOT, "app/api/v1")).flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const blocks = source.split(/^(?=export const )/m);
    return blocks.flatMap((block) => {
      const m = /^export const (GET|POST|PUT|PATCH|DELETE)\b/.exec(block);
      return m ? [{ method: m[1]!, path: toOpenApiPath(file), file: path.relative(ROOT, file), block }] : [];
    });
  });
}

describe("API catalog", () => {
  const schemasByName = new Map<string, unknown>();
  beforeAll(async () => {
    const dir = path.join(ROOT, "lib/schemas");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
      const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (/^Z[A-Z]/.test(name)) schemasByName.set(name, value);
    }
  });

  it("has exactly one entry per exported handler under app/api/v1", () => {
    const onDisk = routeExports()
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const inCatalog = API_OPERATIONS.map((o) => `${o.method} ${o.path}`).sort();
    expect(inCatalog).toEqual(onDisk);
    expect(new Set(inCatalog).size).toBe(inCatalog.length);
    expect(API_OPERATIONS.every((o) => (HTTP_METHODS as readonly string[]).includes(o.method))).toBe(true);
  });

  it("declares the auth, permission, status and schemas each route passes to defineRoute", () => {
    const byKey = new Map<string, TApiOperation>(API_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o]));
    for (const r of routeExports()) {
      const op = byKey.get(`${r.method} ${r.path}`);
      const where = `${r.method} in ${r.file}`;
      if (!op || !r.block.includes("defineRoute(")) continue;
      const prop = (key: string) => new RegExp(`^ {2}${key}:\\s*"?([\\w:]+)"?`, "m").exec(r.block)?.[1];
      expect(op.auth, where).toBe(prop("auth"));
      expect(op.permission ?? undefined, where).toBe(prop("permission"));
      expect(op.status, where).toBe(Number(prop("status") ?? 200));
      for (const key of ["params", "query", "body"] as const) {
        const name = prop(key);
        if (!name) expect(op[key], `${where}: catalog has ${key}, route has none`).toBeUndefined();
        else {
          expect(schemasByName.has(name), `${where}: ${name} is not exported from lib/schemas`).toBe(true);
          expect(op[key] === schemasByName.get(name), `${where}: catalog ${key} is not ${name}`).toBe(true);
        }
      }
    }
  });
});
