import { defineRoute } from "@/lib/server/http/define-route";
import { getVersion } from "@/lib/server/versions/get-version";
import { updateVersion } from "@/lib/server/versions/update-version";
import { ZUpdateVersionRequest, ZVersionParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => getVersion({ actor, versionId: params.versionId }),
});

export const PATCH = defineRoute({
  auth: "both",
  permission: "models:write",
  params: ZVersionParams,
  body: ZUpdateVersionRequest,
  handler: ({ actor, params, body }) =>
    updateVersion({ actor, versionId: params.versionId, description: body.description }),
});
