import { defineRoute } from "@/lib/server/http/define-route";
import { getImportance } from "@/lib/server/importance/get-importance";
import { recordImportance } from "@/lib/server/importance/record-importance";
import { ZRecordImportanceRequest } from "@/lib/schemas/importance";
import { ZVersionParams } from "@/lib/schemas/models";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => getImportance({ actor, versionId: params.versionId }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "versions:register",
  params: ZVersionParams,
  body: ZRecordImportanceRequest,
  status: 201,
  handler: ({ actor, params, body }) => recordImportance({ actor, versionId: params.versionId, input: body }),
});
