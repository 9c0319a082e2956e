import { getRollbackPlan } from "@/lib/server/deployments/get-rollback-plan";
import { rollbackProduction } from "@/lib/server/deployments/rollback-production";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZModelRefParams } from "@/lib/schemas/models";
import { ZRollbackQuery, ZRollbackRequest } from "@/lib/schemas/deployments";

// What a rollback would do now: the live version and the target, with why.
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  query: ZRollbackQuery,
  handler: ({ actor, params, query }) =>
    getRollbackPlan({ actor, modelRef: params.modelId, environment: query.environment }),
});

// The IT owner (or an admin) returns production to the last healthy version (the use case checks who).
export const POST = defineRoute({
  auth: "both",
  permission: "rollback:execute",
  params: ZModelRefParams,
  body: ZRollbackRequest,
  handler: ({ actor, params, body }) => rollbackProduction({ actor, modelRef: params.modelId, input: body }),
});
