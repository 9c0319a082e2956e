import { defineRoute } from "@/lib/server/http/define-route";
import { listApprovalQueue } from "@/lib/server/promotions/list-promotions";
import { ZApprovalQueueQuery } from "@/lib/schemas/promotions";

// Pending requests waiting on one of the caller's roles, oldest first, keyset-paginated.
export const GET = defineRoute({
  auth: "both",
  permission: "approvals:decide",
  query: ZApprovalQueueQuery,
  handler: ({ actor, query }) => listApprovalQueue({ actor, query }),
});
