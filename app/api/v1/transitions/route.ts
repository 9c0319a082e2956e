import { defineRoute } from "@/lib/server/http/define-route";
import { listPromotions } from "@/lib/server/promotions/list-promotions";
import { ZListPromotionsQuery } from "@/lib/schemas/promotions";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListPromotionsQuery,
  handler: ({ actor, query }) => listPromotions({ actor, query }),
});
