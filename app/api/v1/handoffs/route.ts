import { listHandoffs } from "@/lib/server/handoffs/list-handoffs";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZListHandoffsQuery } from "@/lib/schemas/handoffs";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListHandoffsQuery,
  handler: ({ actor, query }) => listHandoffs({ actor, query }),
});
