import { defineRoute } from "@/lib/server/http/define-route";
import { assignRetrainingRequest } from "@/lib/server/retraining/assign-retraining-request";
import { ZRetrainingParams, ZUpdateRetrainingRequest } from "@/lib/schemas/retraining";

// Assign and/or move the status (the people who operate the model; the use case checks who).
export const PATCH = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZRetrainingParams,
  body: ZUpdateRetrainingRequest,
  handler: ({ actor, params, body }) =>
    assignRetrainingRequest({ actor, retrainingId: params.retrainingId, input: body }),
});
