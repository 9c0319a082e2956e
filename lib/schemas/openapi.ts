import { z } from "zod";
import {
  TOKEN_SCOPE_PERMISSIONS,
  TOKEN_SCOPES,
  type TPermission,
  type TTokenScope,
} from "@/lib/domain/rbac/permissions";
import { API_OPERATIONS, API_TAGS, type TApiAuth, type TApiOperation, type THttpMethod } from "./api-catalog";
import { ZProblem } from "./common";

/**
 * OpenAPI 3.1 from the zod schemas the routes parse with (house rule 4): request bodies and query strings are
 * converted as zod *inputs* (defaults optional, transforms shown as what the client sends), responses as
 * *outputs*. Recursive schemas (JSON values) come out of zod as `$defs`; they are hoisted into
 * `components.schemas` so every `$ref` resolves inside the one document.
 */
export type TJsonSchema = z.core.JSONSchema.JSONSchema;

export type TOpenApiParameter = {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: TJsonSchema;
};
export type TOpenApiMedia = { schema: TJsonSchema };
export type TOpenApiResponse = { description: string; content?: Record<string, TOpenApiMedia> };
export type TOpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: TOpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, TOpenApiMedia> };
  responses: Record<string, TOpenApiResponse>;
  "x-permission": TPermission | null;
  "x-auth": TApiAuth;
  "x-token-scopes": TTokenScope[];
};
export type TOpenApiMethod = Lowercase<THttpMethod>;
export type TOpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<TOpenApiMethod, TOpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, TJsonSchema>;
  };
};

export const PROBLEM_REF = "#/components/schemas/Problem";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Bad request: the body is not valid JSON",
  401: "Unauthenticated: no valid bearer token or session",
  403: "Forbidden: the actor lacks the required permission",
  404: "Not found, or outside the actor's reach",
  409: "Conflict with the current state",
  413: "Body larger than 1 MiB",
  415: "Body not sent as application/json",
  422: "Validation failed: `errors` lists each invalid field as {path, message}",
  429: "Too many requests",
};

/** `components.schemas` under construction; `byContent` lets identical cycle definitions share one entry. */
export type TSchemaComponents = { schemas: Record<string, TJsonSchema>; byContent: Map<string, string> };

export function createSchemaComponents(): TSchemaComponents {
  return { schemas: {}, byContent: new Map() };
}

const JSON_KINDS = ["string", "number", "boolean", "null", "array", "object"];

/** zod names cycle definitions `__schema0`, … per conversion; give them a document-wide name. */
function baseName(key: string, def: TJsonSchema): string {
  if (!/^__schema\d+$/.test(key)) return key.replace(/[^A-Za-z0-9._-]/g, "_");
  const kinds = new Set((def.anyOf ?? []).map((s) => String(s.type)));
  return JSON_KINDS.every((k) => kinds.has(k)) ? "JsonValue" : "RecursiveValue";
}

function uniqueName(base: string, c: TSchemaComponents): string {
  let name = base;
  for (let i = 2; name in c.schemas; i++) name = `${base}${i}`;
  return name;
}

/** Deep copy that drops `$schema` and points local refs (`#`, `#/$defs/k`) at components. */
function rewrite(node: unknown, refs: Map<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, refs));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema") continue;
    if (k === "$ref" && typeof v === "string") {
      const name = refs.get(v);
      if (!name) throw new Error(`Unexpected $ref ${v} in a generated schema.`);
      out[k] = `#/components/schemas/${name}`;
    } else out[k] = rewrite(v, refs);
  }
  return out;
}

/**
 * Moves zod's `$defs` (and a root that refers to itself as `#`) into components. Identical cycle definitions
 * share one component; a definition that refers to other local definitions always gets its own name.
 */
function hoist(defs: Record<string, TJsonSchema>, c: TSchemaComponents): Map<string, string> {
  const refs = new Map<string, string>();
  const fresh: [string, TJsonSchema][] = [];
  for (const [key, def] of Object.entries(defs)) {
    const ref = key === "#" ? "#" : `#/$defs/${key}`;
    const text = JSON.stringify(def).split(JSON.stringify(ref)).join('"#self"');
    const isSelfContained = !text.includes('"#/$defs/') && !text.includes('"#"');
    const known = isSelfContained ? c.byContent.get(text) : undefined;
    const name = known ?? uniqueName(baseName(key === "#" ? "__schema0" : key, def), c);
    if (!known) {
      c.schemas[name] = {};
      fresh.push([name, def]);
      if (isSelfContained) c.byContent.set(text, name);
    }
    refs.set(ref, name);
  }
  for (const [name, def] of fresh) c.schemas[name] = rewrite(def, refs) as TJsonSchema;
  return refs;
}

export function toOpenApiSchema(schema: z.ZodType, io: "input" | "output", c: TSchemaComponents): TJsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as TJsonSchema;
  const { $defs = {}, ...root } = json;
  if (JSON.stringify(json).includes('"$ref":"#"')) {
    const refs = hoist({ ...$defs, "#": root }, c);
    return { $ref: `#/components/schemas/${refs.get("#")}` };
  }
  return rewrite(root, hoist($defs, c)) as TJsonSchema;
}

function toParameters(
  schema: z.ZodType | undefined,
  where: "path" | "query",
  c: TSchemaComponents,
): TOpenApiParameter[] {
  if (!schema) return [];
  const json = toOpenApiSchema(schema, "input", c);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = typeof prop === "boolean" ? ({} as TJsonSchema) : prop;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function problem(status: number): TOpenApiResponse {
  return {
    description: ERROR_DESCRIPTIONS[status] ?? "Error",
    content: { "application/problem+json": { schema: { $ref: PROBLEM_REF } } },
  };
}

/** The declared errors plus what the route wrapper itself answers: 401/403 when authenticated, 422 for any input, 400/413/415 for a body. */
export function errorStatuses(op: TApiOperation): number[] {
  const out = new Set(op.errors ?? []);
  if (op.auth !== "public") [401, 403].forEach((s) => out.add(s));
  if (op.params || op.query || op.body) out.add(422);
  if (op.body) [400, 413, 415].forEach((s) => out.add(s));
  return [...out].sort((a, b) => a - b);
}

/** The token scopes that open a permission (a token also needs an owner whose roles allow it). */
export function tokenScopesFor(permission: TPermission | null): TTokenScope[] {
  return permission ? TOKEN_SCOPES.filter((s) => TOKEN_SCOPE_PERMISSIONS[s].includes(permission)) : [];
}

/** Generated from the permission: a permission no token scope opens (users:manage) is offered to sessions only. */
function security(op: TApiOperation): Record<string, string[]>[] {
  const scopes = tokenScopesFor(op.permission);
  const bearer = scopes.length ? [{ bearerAuth: scopes }] : [];
  const cookie = { sessionCookie: [] };
  return { public: [], token: bearer, session: [cookie], both: [...bearer, cookie] }[op.auth];
}

/** The last paragraph of every operation description, for tools that do not read `x-permission`. */
export function permissionSentence(permission: TPermission | null): string {
  return permission ? `Requires the \`${permission}\` permission.` : "Public: no authentication.";
}

function toOperation(op: TApiOperation, c: TSchemaComponents): TOpenApiOperation {
  const parameters = [...toParameters(op.params, "path", c), ...toParameters(op.query, "query", c)];
  const success: TOpenApiResponse = op.response
    ? {
        description: op.summary,
        content: { "application/json": { schema: toOpenApiSchema(op.response, "output", c) } },
      }
    : { description: "No content" };
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, permissionSentence(op.permission)].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    security: security(op),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toOpenApiSchema(op.body, "input", c) } },
          },
        }
      : {}),
    responses: {
      [String(op.status)]: success,
      ...Object.fromEntries(errorStatuses(op).map((s) => [String(s), problem(s)])),
    },
    "x-permission": op.permission,
    "x-auth": op.auth,
    "x-token-scopes": tokenScopesFor(op.permission),
  };
}

const INFO_DESCRIPTION = [
  "The Modelgate REST API: JSON in and out, validated with the same schemas the server uses.",
  "Authenticate with a bearer API token (`Authorization: Bearer mg_…`, created by administrators in Settings → API tokens) or, from the browser, the session cookie.",
  "Errors are RFC 9457 `application/problem+json`; validation errors list each field in `errors: [{path, message}]`.",
].join("\n\n");

/** Builds the whole document from API_OPERATIONS; pure, so it can be cached by the caller. */
export function buildOpenApiDocument(): TOpenApiDocument {
  const c = createSchemaComponents();
  c.schemas.Problem = toOpenApiSchema(ZProblem, "output", c);
  const paths: TOpenApiDocument["paths"] = {};
  for (const op of API_OPERATIONS) {
    const method = op.method.toLowerCase() as TOpenApiMethod;
    paths[op.path] = { ...paths[op.path], [method]: toOperation(op, c) };
  }
  const used = new Set(API_OPERATIONS.map((o) => o.tag));
  return {
    openapi: "3.1.0",
    info: { title: "Modelgate API", version: "1.0.0", description: INFO_DESCRIPTION },
    servers: [{ url: "/" }],
    tags: API_TAGS.filter((t) => used.has(t.name)).map((t) => ({ ...t })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "API token `mg_…`. Scopes: read (read models, alerts, audit), write (change models, versions, approvals, deployments), ingest (send monitoring data and check results), admin (tokens, policies, webhooks, ownership overrides; never users, passwords or roles, which need a signed-in administrator). A token never exceeds the roles of the user it acts as.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session of a signed-in user.",
        },
      },
      schemas: c.schemas,
    },
  };
}
