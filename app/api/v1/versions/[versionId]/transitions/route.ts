import { defineRoute } from "@/lib/server/http/define-route";
import { listPromotions } from "@/lib/server/promotions/list-promotions";
import { requestPromotion } from "@/lib/server/promotions/request-promotion";
import { ZVersionParams } from "@/lib/schemas/models";
import { ZCreatePromotionRequest } from "@/lib/schemas/promotions";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => listPromotions({ actor, query: { versionId: params.versionId, limit: 100 } }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "promotions:request",
  params: ZVersionParams,
  body: ZCreatePromotionRequest,
  status: 201,
  handler: ({ actor, params, body }) => requestPromotion({ actor, versionId: params.versionId, input: body }),
});
