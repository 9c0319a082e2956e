import { defineRoute } from "@/lib/server/http/define-route";
import { listVersions } from "@/lib/server/versions/list-versions";
import { registerVersion } from "@/lib/server/versions/register-version";
import { ZListVersionsQuery, ZModelRefParams, ZRegisterVersionRequest } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  query: ZListVersionsQuery,
  handler: ({ actor, params, query }) => listVersions({ actor, modelRef: params.modelId, query }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "versions:register",
  params: ZModelRefParams,
  body: ZRegisterVersionRequest,
  status: 201,
  handler: ({ actor, params, body }) => registerVersion({ actor, modelRef: params.modelId, input: body }),
});
