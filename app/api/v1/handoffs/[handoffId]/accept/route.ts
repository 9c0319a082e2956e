import { acceptHandoff } from "@/lib/server/handoffs/accept-handoff";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZAcceptHandoffRequest, ZHandoffParams } from "@/lib/schemas/handoffs";

// Only the receiver accepts; ownership changes in the same transaction.
export const POST = defineRoute({
  auth: "both",
  permission: "handoffs:decide",
  params: ZHandoffParams,
  body: ZAcceptHandoffRequest,
  handler: ({ actor, params, body }) => acceptHandoff({ actor, handoffId: params.handoffId, input: body }),
});
