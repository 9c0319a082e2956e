import { defineRoute } from "@/lib/server/http/define-route";
import { getModelCard } from "@/lib/server/model-cards/get-model-card";
import { updateModelCard } from "@/lib/server/model-cards/update-model-card";
import { ZUpdateModelCardRequest } from "@/lib/schemas/model-cards";
import { ZModelRefParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  handler: ({ actor, params }) => getModelCard({ actor, modelRef: params.modelId }),
});

export const PUT = defineRoute({
  auth: "both",
  permission: "models:write",
  params: ZModelRefParams,
  body: ZUpdateModelCardRequest,
  handler: ({ actor, params, body }) => updateModelCard({ actor, modelRef: params.modelId, input: body }),
});
