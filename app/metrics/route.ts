import { serveMetrics } from "@/lib/server/observability/serve-metrics";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return serveMetrics(req);
}
