import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { getMetrics } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * GET /metrics in Prometheus text format. Off (404) unless MODELGATE_METRICS_TOKEN is set; then only
 * `Authorization: Bearer <that token>` gets it (401 otherwise, compared in constant time).
 */
export async function serveMetrics(req: Request): Promise<Response> {
  const expected = getEnv().MODELGATE_METRICS_TOKEN;
  if (!expected) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
  if (!m || !timingSafeEqual(digest(m[1]!.trim()), digest(expected))) {
    return new Response("Unauthorized\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
