import { defineRoute } from "@/lib/server/http/define-route";
import { markNotificationsRead } from "@/lib/server/notifications/mark-notifications-read";
import { ZMarkNotificationsReadRequest } from "@/lib/schemas/notifications";

export const POST = defineRoute({
  auth: "both",
  permission: "models:read",
  body: ZMarkNotificationsReadRequest,
  handler: ({ actor, body }) => markNotificationsRead({ actor, input: body }),
});
