import "server-only";
import { randomUUID } from "node:crypto";
import { getLogger } from "../log/logger";
import { recordHttpRequest } from "../observability/metrics";

// What a caller's X-Request-Id may be reused as: short, printable, no spaces (it is echoed in a header and logs).
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** The request's id: the caller's X-Request-Id when it is sane (a proxy or client correlating), else a new UUID. */
export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The route template of a request: its path with each route parameter's value replaced by `{name}`
 * (`/api/v1/models/abc/versions` → `/api/v1/models/{modelId}/versions`), so logs and metrics group by route
 * and never carry ids (or anything else a client put in the path) as label values.
 */
export function routeTemplate(req: Request, params: Record<string, string | string[]> | undefined): string {
  const url = new URL(req.url);
  const segments = url.pathname.split("/");
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value])
      byValue.set(v, Array.isArray(value) ? `{...${name}}` : `{${name}}`);
  }
  const out: string[] = [];
  for (const seg of segments) {
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      // keep it raw
    }
    const name = byValue.get(decoded);
    if (name && out[out.length - 1] === name) continue; // a catch-all spans several segments
    out.push(name ?? seg);
  }
  return out.join("/") || "/";
}

/** One JSON log line and the HTTP metrics for a finished API request. Never the body, query or headers. */
export function observeRequest(o: {
  req: Request;
  route: string;
  status: number;
  startedAt: number;
  actorId: string | null;
  requestId: string;
}): void {
  const ms = performance.now() - o.startedAt;
  try {
    recordHttpRequest(o.route, o.req.method, o.status, ms / 1000);
    const line = {
      event: "http.request",
      method: o.req.method,
      route: o.route,
      status: o.status,
      durationMs: Math.round(ms * 10) / 10,
      actorId: o.actorId,
      requestId: o.requestId,
    };
    const log = getLogger();
    if (o.status >= 500) log.error(line, "request failed");
    else log.info(line, "request");
  } catch {
    // Observability must never break a request.
  }
}
