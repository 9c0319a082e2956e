import { defineRoute } from "@/lib/server/http/define-route";
import { listPromotionQueue } from "@/lib/server/promotions/list-promotions";
import { ZPromotionQueueQuery } from "@/lib/schemas/promotions";

// Pending requests waiting on one of the caller's roles, oldest first, keyset-paginated.
export const GET = defineRoute({
  auth: "both",
  permission: "approvals:decide",
  query: ZPromotionQueueQuery,
  handler: ({ actor, query }) => listPromotionQueue({ actor, query }),
});
