import { defineRoute } from "@/lib/server/http/define-route";
import { updateGatePolicy } from "@/lib/server/gate-policies/update-gate-policy";
import { ZGatePolicyParams, ZUpdateGatePolicyRequest } from "@/lib/schemas/gate-policies";

// Saves a new current version of one gate's policy; requests already pending keep the version they were opened under.
export const PUT = defineRoute({
  auth: "both",
  permission: "policies:manage",
  params: ZGatePolicyParams,
  body: ZUpdateGatePolicyRequest,
  handler: ({ actor, params, body }) =>
    updateGatePolicy({ actor, stage: params.stage, criticality: params.criticality, input: body }),
});
