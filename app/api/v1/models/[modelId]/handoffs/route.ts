import { proposeHandoff } from "@/lib/server/handoffs/propose-handoff";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZProposeHandoffRequest } from "@/lib/schemas/handoffs";
import { ZModelRefParams } from "@/lib/schemas/models";

// Propose a handoff of the model, with every checklist item answered.
export const POST = defineRoute({
  auth: "both",
  permission: "handoffs:propose",
  params: ZModelRefParams,
  body: ZProposeHandoffRequest,
  status: 201,
  handler: ({ actor, params, body }) => proposeHandoff({ actor, modelRef: params.modelId, input: body }),
});
