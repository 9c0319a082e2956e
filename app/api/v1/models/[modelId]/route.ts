import { defineRoute } from "@/lib/server/http/define-route";
import { getModel } from "@/lib/server/models/get-model";
import { updateModel } from "@/lib/server/models/update-model";
import { ZModelRefParams, ZUpdateModelRequest } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  handler: ({ actor, params }) => getModel({ actor, modelRef: params.modelId }),
});

export const PATCH = defineRoute({
  auth: "both",
  permission: "models:write",
  params: ZModelRefParams,
  body: ZUpdateModelRequest,
  handler: ({ actor, params, body }) => updateModel({ actor, modelRef: params.modelId, input: body }),
});
