import { defineRoute } from "@/lib/server/http/define-route";
import { cancelPromotion } from "@/lib/server/promotions/cancel-promotion";
import { ZCancelTransitionRequest, ZTransitionParams } from "@/lib/schemas/promotions";

export const POST = defineRoute({
  auth: "both",
  permission: "promotions:request",
  params: ZTransitionParams,
  body: ZCancelTransitionRequest,
  handler: ({ actor, params, body }) => cancelPromotion({ actor, requestId: params.requestId, reason: body.reason }),
});
