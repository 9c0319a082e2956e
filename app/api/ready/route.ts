import { checkReadiness } from "@/lib/server/observability/readiness";

// Readiness: 200 when the database answers and its migrations match this code, else 503 with the reason.
// Unauthenticated and cheap (one statement), for load balancers; never exposes more than the reason.
export const dynamic = "force-dynamic";

export async function GET() {
  const r = await checkReadiness();
  return Response.json(r.ready ? { status: "ready" } : { status: "unavailable", reason: r.reason }, {
    status: r.ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
