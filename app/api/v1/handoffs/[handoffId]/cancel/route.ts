import { cancelHandoff } from "@/lib/server/handoffs/cancel-handoff";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZCancelHandoffRequest, ZHandoffParams } from "@/lib/schemas/handoffs";

// The proposer or an administrator withdraws a proposed handoff.
export const POST = defineRoute({
  auth: "both",
  permission: "handoffs:propose",
  params: ZHandoffParams,
  body: ZCancelHandoffRequest,
  handler: ({ actor, params, body }) => cancelHandoff({ actor, handoffId: params.handoffId, input: body }),
});
