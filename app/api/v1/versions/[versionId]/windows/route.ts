import { defineRoute } from "@/lib/server/http/define-route";
import { listWindows } from "@/lib/server/monitoring/list-windows";
import { ZVersionParams } from "@/lib/schemas/models";
import { ZListWindowsQuery } from "@/lib/schemas/monitoring";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  query: ZListWindowsQuery,
  handler: ({ actor, params, query }) => listWindows({ actor, versionId: params.versionId, query }),
});
