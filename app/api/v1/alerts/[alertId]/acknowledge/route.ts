import { acknowledgeAlert } from "@/lib/server/alerts/acknowledge-alert";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZAcknowledgeAlertRequest, ZAlertParams } from "@/lib/schemas/alerts";

export const POST = defineRoute({
  auth: "both",
  permission: "alerts:acknowledge",
  params: ZAlertParams,
  body: ZAcknowledgeAlertRequest,
  handler: ({ actor, params, body }) => acknowledgeAlert({ actor, alertId: params.alertId, input: body }),
});
