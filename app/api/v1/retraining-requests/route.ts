import { defineRoute } from "@/lib/server/http/define-route";
import { listRetrainingRequests } from "@/lib/server/retraining/list-retraining-requests";
import { ZListRetrainingRequestsQuery } from "@/lib/schemas/retraining";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListRetrainingRequestsQuery,
  handler: ({ actor, query }) => listRetrainingRequests({ actor, query }),
});
