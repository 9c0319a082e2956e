import { defineRoute } from "@/lib/server/http/define-route";
import { listPromotionQueue } from "@/lib/server/promotions/list-promotions";

// Pending requests waiting on one of the caller's roles, oldest first.
export const GET = defineRoute({
  auth: "both",
  permission: "approvals:decide",
  handler: async ({ actor }) => ({ items: await listPromotionQueue({ actor }) }),
});
