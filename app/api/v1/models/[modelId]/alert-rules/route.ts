import { createAlertRule } from "@/lib/server/alerts/create-alert-rule";
import { listAlertRules } from "@/lib/server/alerts/list-alert-rules";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZModelRefParams } from "@/lib/schemas/models";
import { ZCreateAlertRuleRequest } from "@/lib/schemas/alerts";

export const GET = defineRoute({
  auth: "both",
  permission: "alerts:read",
  params: ZModelRefParams,
  handler: ({ actor, params }) => listAlertRules({ actor, modelRef: params.modelId }),
});

// The people who operate the model add rules (the use case checks who).
export const POST = defineRoute({
  auth: "both",
  permission: "alerts:read",
  params: ZModelRefParams,
  body: ZCreateAlertRuleRequest,
  status: 201,
  handler: ({ actor, params, body }) => createAlertRule({ actor, modelRef: params.modelId, input: body }),
});
