import { declineHandoff } from "@/lib/server/handoffs/decline-handoff";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZDeclineHandoffRequest, ZHandoffParams } from "@/lib/schemas/handoffs";

// Only the receiver declines, with a reason.
export const POST = defineRoute({
  auth: "both",
  permission: "handoffs:decide",
  params: ZHandoffParams,
  body: ZDeclineHandoffRequest,
  handler: ({ actor, params, body }) => declineHandoff({ actor, handoffId: params.handoffId, input: body }),
});
