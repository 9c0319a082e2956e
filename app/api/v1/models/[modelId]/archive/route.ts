import { defineRoute } from "@/lib/server/http/define-route";
import { archiveModel } from "@/lib/server/models/archive-model";
import { ZArchiveModelRequest, ZModelRefParams } from "@/lib/schemas/models";

export const POST = defineRoute({
  auth: "both",
  permission: "models:archive",
  params: ZModelRefParams,
  body: ZArchiveModelRequest,
  handler: ({ actor, params, body }) => archiveModel({ actor, modelRef: params.modelId, reason: body.reason }),
});
