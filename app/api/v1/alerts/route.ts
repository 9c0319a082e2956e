import { listAlerts } from "@/lib/server/alerts/list-alerts";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZListAlertsQuery } from "@/lib/schemas/alerts";

export const GET = defineRoute({
  auth: "both",
  permission: "alerts:read",
  query: ZListAlertsQuery,
  handler: ({ actor, query }) => listAlerts({ actor, query }),
});
