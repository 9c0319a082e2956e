import "server-only";
import { can, type TActor, type TPermission } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { findInputProblems, MAX_JSON_DEPTH, nestsDeeperThan } from "@/lib/schemas/input-policy";
import { checkDeclaredLength, MAX_BODY_BYTES, MAX_FIELD_ERRORS, readBodyText } from "../http/define-route";
import { classifyError } from "../http/database-errors";
import { assertTokenWriteAllowed } from "../http/rate-limits";
import { observeRequest, requestIdOf } from "../http/observe-request";
import { getLogger } from "../log/logger";
import { authenticateMlflowRequest } from "./authenticate";
import { mlflowError, toMlflowError, type TMlflowErrorCode } from "./mlflow-error";
import { MlflowFields } from "./request-fields";

export type TMlflowMethod = "GET" | "POST" | "PATCH" | "DELETE";

export type TMlflowCtx = { actor: TActor; fields: MlflowFields; req: Request };

/** One MLflow RPC: the permission it needs (checked before the handler runs) and what it answers. */
export type TMlflowEndpoint = { permission: TPermission; handler: (ctx: TMlflowCtx) => Promise<object> };

/** path (after `/mlflow/`) → method → endpoint. */
export type TMlflowRouteTable = Record<string, Partial<Record<TMlflowMethod, TMlflowEndpoint>>>;

type TRouteCtx = { params: Promise<Record<string, string | string[] | undefined>> };

function json(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId, ...headers },
  });
}

function errorResponse(thrown: unknown, requestId: string, prefix: string): Response {
  const err = classifyError(thrown);
  const { status, body } = toMlflowError(err);
  if (status >= 500 && status !== 503)
    getLogger().error({ event: "http.unhandled_error", requestId, err }, "unhandled error");
  // MLflow's basic-auth server answers 401 with a challenge; the browser UI (ajax-api) must not get a login popup.
  const headers: Record<string, string> =
    status === 401 && !prefix.startsWith("/ajax-api") ? { "www-authenticate": 'Basic realm="modelgate"' } : {};
  if (isAppError(err) && typeof err.extra.retryAfter === "number")
    headers["retry-after"] = String(err.extra.retryAfter);
  return json(status, body, requestId, headers);
}

function fail(
  code: TMlflowErrorCode,
  status: number,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, { error_code: code, message }, requestId, headers);
}

/** The RPC path after the prefix: from the catch-all's `path` param, else from the URL. */
async function rpcPath(req: Request, ctx: TRouteCtx | undefined, prefix: string): Promise<string> {
  const params = ctx ? await ctx.params : undefined;
  const segments = params?.path;
  if (Array.isArray(segments)) return segments.join("/");
  const pathname = new URL(req.url).pathname;
  return pathname.startsWith(`${prefix}/`) ? decodeURIComponent(pathname.slice(prefix.length + 1)) : "";
}

/**
 * MLflow reads non-GET bodies as JSON only, and says so in its own words. The body is read as /api/v1
 * reads it (readBodyText): reading stops at the size limit (413, whatever Content-Length claims or a
 * chunked body sends) and invalid UTF-8 is refused.
 */
async function readBody(req: Request): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    throw mlflowError("INVALID_PARAMETER_VALUE", "Content-Type must be one of ['application/json']");
  checkDeclaredLength(req, MAX_BODY_BYTES);
  const text = req.body ? await readBodyText(req, MAX_BODY_BYTES) : "";
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw mlflowError("BAD_REQUEST", "Malformed JSON request body.");
  }
  if (nestsDeeperThan(body))
    throw mlflowError("INVALID_PARAMETER_VALUE", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return body;
}

/**
 * The input policy (lib/schemas/input-policy.ts) over every field, in MLflow's words: INVALID_PARAMETER_VALUE
 * (400) naming the field. For GET, every value of a repeated parameter is checked (`raw` holds the pairs).
 */
function assertAcceptableFields(raw: unknown): void {
  const problems = findInputProblems(raw, undefined, MAX_FIELD_ERRORS);
  if (!problems.length) return;
  // Query pairs come as [key, value] lists: name the parameter rather than its index.
  const pairs = Array.isArray(raw) ? (raw as [string, string][]) : null;
  const shown = problems.map((p) => {
    const m = pairs ? /^(\d+)\.(\d+)$/.exec(p.path) : null;
    const name = m ? pairs![Number(m[1])]![0] : p.path;
    return `${m && m[2] === "0" ? "parameter name" : `'${name}'`}: ${p.message}`;
  });
  throw mlflowError("INVALID_PARAMETER_VALUE", `Invalid value supplied. ${shown.join("; ")}`);
}

/**
 * The one wrapper of the MLflow surface (the counterpart of defineRoute, which speaks problem+json):
 * finds the RPC in the table (unknown path → JSON 404 ENDPOINT_NOT_FOUND; known path, other method →
 * 405 in the same JSON shape, where MLflow's Flask answers with HTML), authenticates, checks the
 * endpoint's permission, reads the fields (query string for GET, JSON body otherwise), runs the handler
 * and answers proto-JSON, or `{error_code, message}` with MLflow's status for the code.
 */
export function createMlflowHandler(table: TMlflowRouteTable, prefix: string) {
  return async (req: Request, ctx?: TRouteCtx): Promise<Response> => {
    const requestId = requestIdOf(req);
    const startedAt = performance.now();
    // The route label is the RPC (a fixed set); anything else is one label, never the client's path.
    const seen: { route: string; actorId: string | null } = { route: `${prefix}/{unknown}`, actorId: null };
    const res = await handle(req, ctx, requestId, seen);
    observeRequest({ req, route: seen.route, status: res.status, startedAt, actorId: seen.actorId, requestId });
    return res;
  };

  async function handle(
    req: Request,
    ctx: TRouteCtx | undefined,
    requestId: string,
    seen: { route: string; actorId: string | null },
  ): Promise<Response> {
    try {
      const path = await rpcPath(req, ctx, prefix);
      const methods = table[path];
      if (methods) seen.route = `${prefix}/${path}`;
      if (!methods)
        return fail("ENDPOINT_NOT_FOUND", 404, `No API endpoint found for ${req.method} ${prefix}/${path}`, requestId);
      const method = req.method.toUpperCase() as TMlflowMethod;
      const endpoint = methods[method];
      if (!endpoint) {
        const allowed = Object.keys(methods).join(", ");
        return fail(
          "BAD_REQUEST",
          405,
          `The method ${req.method} is not allowed for ${prefix}/${path}. Allowed: ${allowed}.`,
          requestId,
          { allow: allowed },
        );
      }
      const actor = await authenticateMlflowRequest(req);
      seen.actorId = actor.userId;
      if (!can(actor, endpoint.permission))
        throw mlflowError("PERMISSION_DENIED", `Your role or token scope does not allow '${endpoint.permission}'.`);
      await assertTokenWriteAllowed(actor, method);
      const searchParams = new URL(req.url).searchParams;
      const raw = method === "GET" ? [...searchParams] : await readBody(req);
      assertAcceptableFields(raw);
      const fields = method === "GET" ? MlflowFields.fromQuery(searchParams) : MlflowFields.fromBody(raw);
      return json(200, await endpoint.handler({ actor, fields, req }), requestId);
    } catch (err) {
      return errorResponse(err, requestId, prefix);
    }
  }
}
