import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { TActor, TPermission } from "@/lib/domain/rbac/permissions";
import { AppError, toProblem, type FieldError } from "@/lib/errors";
import { getRequestActor, requirePermission, type AuthMode } from "../auth/get-actor";

export const MAX_BODY_BYTES = 1024 * 1024;

type Ctx<P, Q, B> = { actor: TActor; params: P; query: Q; body: B; req: Request; requestId: string };

type RouteDef<P, Q, B> = {
  auth: AuthMode | "public";
  permission?: TPermission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** HTTP status on success (default 200). */
  status?: number;
  handler: (ctx: Ctx<P, Q, B>) => Promise<unknown>;
};

/** zod issues → problem+json field errors with dotted paths (`featureSchema.0.name`). */
export function toFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => {
    const parts = [...(prefix ? [prefix] : []), ...i.path.map(String)];
    if (i.code === "unrecognized_keys") {
      return { path: [...parts, ...i.keys].join(".") || "(root)", message: `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` };
    }
    return { path: parts.join(".") || "(root)", message: i.message };
  });
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown, where: "body" | "query" | "params"): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new AppError("VALIDATION_FAILED", `The request ${where} is invalid.`, { errors: toFieldErrors(r.error, where === "body" ? undefined : where) });
  }
  return r.data;
}

/** Query string → object; repeated keys become arrays. */
export function queryToObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

/** Reads a JSON body no larger than MAX_BODY_BYTES, whatever Content-Length claims. */
export async function readJsonBody(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit} bytes.`);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  const reader = req.body?.getReader();
  if (!reader) throw new AppError("BAD_REQUEST", "The request has no body.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

export function problemResponse(err: unknown, requestId: string): Response {
  if (!(err instanceof AppError)) console.error(`[${requestId}]`, err);
  const problem = toProblem(err, requestId);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId },
  });
}

export function jsonResponse(data: unknown, status: number, requestId: string): Response {
  if (status === 204) return new Response(null, { status, headers: { "x-request-id": requestId } });
  return new Response(JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId },
  });
}

/**
 * The one route wrapper (house rule 2): authenticates, checks the declared permission, parses params,
 * query and body with their zod schemas, runs the handler and maps every error to problem+json.
 * A handler returning a Response passes it through untouched (CSV, streams).
 */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(def: RouteDef<P, Q, B>) {
  return async (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const actor =
        def.auth === "public" ? (null as unknown as TActor) : await getRequestActor(req, def.auth);
      if (def.permission && def.auth !== "public") requirePermission(actor, def.permission);
      const rawParams = (await ctx?.params) ?? {};
      const params = def.params ? parseWith(def.params, rawParams, "params") : (rawParams as P);
      const query = def.query ? parseWith(def.query, queryToObject(new URL(req.url)), "query") : ({} as Q);
      const body = def.body ? parseWith(def.body, await readJsonBody(req), "body") : (undefined as B);
      const out = await def.handler({ actor, params, query, body, req, requestId });
      if (out instanceof Response) return out;
      return jsonResponse(out, def.status ?? 200, requestId);
    } catch (err) {
      return problemResponse(err, requestId);
    }
  };
}
