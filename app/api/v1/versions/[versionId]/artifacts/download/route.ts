import { ZVersionParams } from "@/lib/schemas/models";
import { downloadVersionZip } from "@/lib/server/artifacts/version-artifacts-api";
import { defineRoute } from "@/lib/server/http/define-route";

// A zip of the version's stored files, verified against their manifest as it streams.
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => downloadVersionZip({ actor, versionId: params.versionId }),
});
