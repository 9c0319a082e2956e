import { defineRoute } from "@/lib/server/http/define-route";
import { listPromotions } from "@/lib/server/promotions/list-promotions";
import { ZListTransitionsQuery } from "@/lib/schemas/promotions";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListTransitionsQuery,
  handler: ({ actor, query }) => listPromotions({ actor, query }),
});
