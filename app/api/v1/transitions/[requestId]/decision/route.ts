import { defineRoute } from "@/lib/server/http/define-route";
import { decidePromotion } from "@/lib/server/promotions/decide-promotion";
import { ZDecidePromotionRequest, ZPromotionParams } from "@/lib/schemas/promotions";

// Approve or reject a pending promotion (a rejection needs a comment).
export const POST = defineRoute({
  auth: "both",
  permission: "approvals:decide",
  params: ZPromotionParams,
  body: ZDecidePromotionRequest,
  handler: ({ actor, params, body }) => decidePromotion({ actor, requestId: params.requestId, input: body }),
});
