import { defineRoute } from "@/lib/server/http/define-route";
import { getApprovedFeatures, setApprovedFeatures } from "@/lib/server/importance/approved-features";
import { ZSetApprovedFeaturesRequest } from "@/lib/schemas/importance";
import { ZModelRefParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  handler: ({ actor, params }) => getApprovedFeatures({ actor, modelRef: params.modelId }),
});

export const PUT = defineRoute({
  auth: "both",
  permission: "models:write",
  params: ZModelRefParams,
  body: ZSetApprovedFeaturesRequest,
  handler: ({ actor, params, body }) => setApprovedFeatures({ actor, modelRef: params.modelId, input: body }),
});
