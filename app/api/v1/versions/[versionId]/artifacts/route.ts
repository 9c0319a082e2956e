import { ZVersionParams } from "@/lib/schemas/models";
import { listVersionArtifacts } from "@/lib/server/artifacts/version-artifacts-api";
import { defineRoute } from "@/lib/server/http/define-route";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => listVersionArtifacts({ actor, versionId: params.versionId }),
});
