import { defineRoute } from "@/lib/server/http/define-route";
import { cancelPromotion } from "@/lib/server/promotions/cancel-promotion";
import { ZCancelPromotionRequest, ZPromotionParams } from "@/lib/schemas/promotions";

export const POST = defineRoute({
  auth: "both",
  permission: "promotions:request",
  params: ZPromotionParams,
  body: ZCancelPromotionRequest,
  handler: ({ actor, params, body }) => cancelPromotion({ actor, requestId: params.requestId, reason: body.reason }),
});
