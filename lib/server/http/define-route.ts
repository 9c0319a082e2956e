import "server-only";
import { z } from "zod";
import type { TActor, TPermission } from "@/lib/domain/rbac/permissions";
import { AppError, toProblem, type FieldError } from "@/lib/errors";
import { MAX_JSON_DEPTH, nestsDeeperThan, findInputProblems, textProblem } from "@/lib/schemas/input-policy";
import { getRequestActor, requirePermission, type AuthMode } from "../auth/get-actor";
import { classifyError } from "./database-errors";
import { assertTokenWriteAllowed } from "./rate-limits";
import { getLogger } from "../log/logger";
import { observeRequest, requestIdOf, routeTemplate } from "./observe-request";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Field errors listed in one problem response: a 100,000-row batch must not answer with 100,000 entries. */
export const MAX_FIELD_ERRORS = 100;

/** `rawBody` is the body as received (UTF-8), for routes that fingerprint requests (Idempotency-Key). */
type Ctx<P, Q, B> = {
  actor: TActor;
  params: P;
  query: Q;
  body: B;
  rawBody: string | undefined;
  req: Request;
  requestId: string;
};

/** A body sent in one of a route's `textBodyTypes` (e.g. text/csv), handed over unparsed. */
export type TTextBody = { mediaType: string; text: string };

type BaseDef<P, Q, B> = {
  auth: AuthMode | "public";
  permission?: TPermission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** HTTP status on success (default 200). */
  status?: number;
  /** Largest body accepted, in bytes (default MAX_BODY_BYTES); dataset uploads raise it for their route only. */
  maxBodyBytes?: number;
};

type RouteDef<P, Q, B> = BaseDef<P, Q, B> & {
  textBodyTypes?: undefined;
  handler: (ctx: Ctx<P, Q, B>) => Promise<unknown>;
};

/**
 * A route that also accepts non-JSON media types (`textBodyTypes: ["text/csv"]`). Such a body is not parsed
 * by the wrapper — its meaning may depend on data the handler loads (a CSV's column types come from the
 * version's feature schema) — so the handler gets it as `text`, and `body` is then undefined.
 */
type TextRouteDef<P, Q, B> = BaseDef<P, Q, B> & {
  textBodyTypes: readonly string[];
  handler: (ctx: Ctx<P, Q, B | undefined> & { text: TTextBody | null }) => Promise<unknown>;
};

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** zod issues → problem+json field errors with dotted paths (`featureSchema.0.name`). */
export function toFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => {
    const parts = [...(prefix ? [prefix] : []), ...i.path.map(String)];
    if (i.code === "unrecognized_keys") {
      return {
        path: [...parts, ...i.keys].join(".") || "(root)",
        message: `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}`,
      };
    }
    return { path: parts.join(".") || "(root)", message: i.message };
  });
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown, where: "body" | "query" | "params"): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const errors = toFieldErrors(r.error, where === "body" ? undefined : where);
    const shown =
      errors.length > MAX_FIELD_ERRORS ? ` The first ${MAX_FIELD_ERRORS} of ${errors.length} problems are listed.` : "";
    throw new AppError("VALIDATION_FAILED", `The request ${where} is invalid.${shown}`, {
      errors: errors.slice(0, MAX_FIELD_ERRORS),
    });
  }
  return r.data;
}

/**
 * The input policy (lib/schemas/input-policy.ts) over a request part before its schema runs: a refused
 * character anywhere — a value, a key, a path or query parameter — is a 422 naming the field.
 */
export function assertAcceptableInput(value: unknown, where: "body" | "query" | "params"): void {
  const problems = findInputProblems(value, where === "body" ? undefined : where, MAX_FIELD_ERRORS);
  if (problems.length)
    throw new AppError("VALIDATION_FAILED", `The request ${where} contains characters that are not accepted.`, {
      errors: problems,
    });
}

/** The same rule over a text body (CSV): tabs and line breaks are fine, the first bad line is named. */
function assertAcceptableText(text: string): void {
  if (!textProblem(text)) return;
  const lines = text.split("\n");
  const i = lines.findIndex((l) => textProblem(l));
  throw new AppError("VALIDATION_FAILED", "The request body contains characters that are not accepted.", {
    errors: [{ path: `body.line.${i + 1}`, message: textProblem(lines[i] ?? text)! }],
  });
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Query string → object; repeated keys become arrays. */
export function queryToObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

/** The media type of the request body, lower-cased, without parameters (`text/csv; charset=utf-8` → `text/csv`). */
function mediaTypeOf(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Reads the body as UTF-8 text, no larger than `limit` bytes whatever Content-Length claims: reading stops
 * at the limit (a chunked body is never read to its end). Invalid UTF-8 is refused, never replaced.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
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
  try {
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid UTF-8.");
  }
}

export function checkDeclaredLength(req: Request, limit: number): void {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit} bytes.`);
}

/** Reads a JSON body no larger than `limit`, whatever Content-Length claims. */
async function readJsonBodyWithText(
  req: Request,
  limit: number,
  alsoAccepted: readonly string[],
): Promise<{ json: unknown; text: string }> {
  checkDeclaredLength(req, limit);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the body as ${["application/json", ...alsoAccepted].join(" or ")}.`,
    );
  }
  const text = await readBodyText(req, limit);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
  if (nestsDeeperThan(json))
    throw new AppError("BAD_REQUEST", `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
  assertAcceptableInput(json, "body");
  return { json, text };
}

/** A body in one of `types`, unparsed, or null when the request is JSON (or anything else readJsonBodyWithText will judge). */
async function readTextBody(req: Request, types: readonly string[], limit: number): Promise<TTextBody | null> {
  const mediaType = mediaTypeOf(req);
  if (!types.includes(mediaType)) return null;
  checkDeclaredLength(req, limit);
  const text = await readBodyText(req, limit);
  assertAcceptableText(text);
  return { mediaType, text };
}

/**
 * Any thrown value → problem+json. Database errors are classified first (unreachable → 503, refused
 * value → 4xx); what remains unknown is a real fault: 500, logged with the request id. A `retryAfter`
 * (seconds) in the error becomes the Retry-After header (503, 429). RFC 9457 `instance` names this
 * occurrence by the request id the logs carry.
 */
export function problemResponse(thrown: unknown, requestId: string): Response {
  const err = classifyError(thrown);
  if (!(err instanceof AppError))
    getLogger().error({ event: "http.unhandled_error", requestId, err }, "unhandled error");
  else if (err.code === "SERVICE_UNAVAILABLE")
    getLogger().warn(
      { event: "db.unavailable", requestId, message: (thrown as Error)?.message },
      "database unavailable",
    );
  const problem = { ...toProblem(err, requestId), instance: requestId };
  const headers: Record<string, string> = { "content-type": "application/problem+json", "x-request-id": requestId };
  if (err instanceof AppError && typeof err.extra.retryAfter === "number")
    headers["retry-after"] = String(err.extra.retryAfter);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

export function jsonResponse(data: unknown, status: number, requestId: string): Response {
  if (status === 204) return new Response(null, { status, headers: { "x-request-id": requestId } });
  return new Response(
    JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    {
      status,
      headers: { "content-type": "application/json", "x-request-id": requestId },
    },
  );
}

/**
 * The one route wrapper (house rule 2): authenticates, checks the declared permission, parses params,
 * query and body with their zod schemas, runs the handler and maps every error to problem+json.
 * A handler returning a Response passes it through untouched (CSV, streams).
 */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: RouteDef<P, Q, B>,
): RouteHandler;
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: TextRouteDef<P, Q, B>,
): RouteHandler;
export function defineRoute<P, Q, B>(def: RouteDef<P, Q, B> | TextRouteDef<P, Q, B>): RouteHandler {
  return async (req, ctx) => {
    const requestId = requestIdOf(req);
    const startedAt = performance.now();
    let actorId: string | null = null;
    let rawParams: Record<string, string | string[]> = {};
    const done = (res: Response): Response => {
      observeRequest({ req, route: routeTemplate(req, rawParams), status: res.status, startedAt, actorId, requestId });
      return res;
    };
    try {
      rawParams = (await ctx?.params) ?? {};
      const actor = def.auth === "public" ? (null as unknown as TActor) : await getRequestActor(req, def.auth);
      actorId = actor?.userId ?? null;
      if (def.permission && def.auth !== "public") requirePermission(actor, def.permission);
      if (def.auth !== "public") await assertTokenWriteAllowed(actor, req.method.toUpperCase());
      assertAcceptableInput(rawParams, "params");
      const rawQuery = queryToObject(new URL(req.url));
      assertAcceptableInput(rawQuery, "query");
      const params = def.params ? parseWith(def.params, rawParams, "params") : (rawParams as P);
      const query = def.query ? parseWith(def.query, rawQuery, "query") : ({} as Q);
      const limit = def.maxBodyBytes ?? MAX_BODY_BYTES;
      let out: unknown;
      if (def.textBodyTypes) {
        const text = await readTextBody(req, def.textBodyTypes, limit);
        const json = def.body && !text ? await readJsonBodyWithText(req, limit, def.textBodyTypes) : undefined;
        const body = def.body && json ? parseWith(def.body, json.json, "body") : undefined;
        out = await def.handler({
          actor,
          params,
          query,
          body,
          rawBody: text?.text ?? json?.text,
          text,
          req,
          requestId,
        });
      } else {
        const json = def.body ? await readJsonBodyWithText(req, limit, []) : undefined;
        const body = def.body && json ? parseWith(def.body, json.json, "body") : (undefined as B);
        out = await def.handler({ actor, params, query, body, rawBody: json?.text, req, requestId });
      }
      if (out instanceof Response) {
        try {
          if (!out.headers.has("x-request-id")) out.headers.set("x-request-id", requestId);
        } catch {
          // immutable headers (a proxied response): it goes out without the id
        }
        return done(out);
      }
      return done(jsonResponse(out, def.status ?? 200, requestId));
    } catch (err) {
      return done(problemResponse(err, requestId));
    }
  };
}
