import { defineRoute } from "@/lib/server/http/define-route";
import { listChecks, reportCheck } from "@/lib/server/versions/report-check";
import { ZReportCheckRequest, ZVersionParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: async ({ actor, params }) => ({ items: await listChecks({ actor, versionId: params.versionId }) }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "checks:report",
  params: ZVersionParams,
  body: ZReportCheckRequest,
  status: 201,
  handler: ({ actor, params, body }) => reportCheck({ actor, versionId: params.versionId, input: body }),
});
