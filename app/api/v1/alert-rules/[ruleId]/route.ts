import { updateAlertRule } from "@/lib/server/alerts/update-alert-rule";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZAlertRuleParams, ZUpdateAlertRuleRequest } from "@/lib/schemas/alerts";

// Change a rule (the people who operate its model; the use case checks who).
export const PATCH = defineRoute({
  auth: "both",
  permission: "alerts:read",
  params: ZAlertRuleParams,
  body: ZUpdateAlertRuleRequest,
  handler: ({ actor, params, body }) => updateAlertRule({ actor, ruleId: params.ruleId, input: body }),
});
