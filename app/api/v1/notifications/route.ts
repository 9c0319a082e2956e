import { defineRoute } from "@/lib/server/http/define-route";
import { listNotifications } from "@/lib/server/notifications/list-notifications";
import { ZListNotificationsQuery } from "@/lib/schemas/notifications";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListNotificationsQuery,
  handler: ({ actor, query }) => listNotifications({ actor, query }),
});
