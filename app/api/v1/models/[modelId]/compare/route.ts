import { defineRoute } from "@/lib/server/http/define-route";
import { compareModelVersions } from "@/lib/server/views/compare-versions";
import { ZCompareVersionsQuery, ZModelRefParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  query: ZCompareVersionsQuery,
  handler: ({ actor, params, query }) =>
    compareModelVersions({ actor, modelRef: params.modelId, versions: query.versions }),
});
