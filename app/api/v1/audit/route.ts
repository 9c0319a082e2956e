import { defineRoute } from "@/lib/server/http/define-route";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { ZListAuditQuery } from "@/lib/schemas/audit";

export const GET = defineRoute({
  auth: "both",
  permission: "audit:read",
  query: ZListAuditQuery,
  handler: ({ actor, query }) => listAuditEvents({ actor, query }),
});
