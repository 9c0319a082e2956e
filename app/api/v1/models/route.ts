import { defineRoute } from "@/lib/server/http/define-route";
import { createModel } from "@/lib/server/models/create-model";
import { listModels } from "@/lib/server/models/list-models";
import { ZCreateModelRequest, ZListModelsQuery } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  query: ZListModelsQuery,
  handler: ({ actor, query }) => listModels({ actor, query }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "models:write",
  body: ZCreateModelRequest,
  status: 201,
  handler: ({ actor, body }) => createModel({ actor, input: body }),
});
