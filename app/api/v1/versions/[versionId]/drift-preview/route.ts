import { defineRoute } from "@/lib/server/http/define-route";
import { previewDrift } from "@/lib/server/monitoring/preview-drift";
import { toColumnsInput } from "@/lib/server/monitoring/validate-columns-input";
import { ZVersionParams } from "@/lib/schemas/models";
import { MAX_DATASET_BODY_BYTES, ZIngestColumnsRequest } from "@/lib/schemas/monitoring";

export const POST = defineRoute({
  auth: "both",
  permission: "monitoring:ingest",
  params: ZVersionParams,
  body: ZIngestColumnsRequest,
  maxBodyBytes: MAX_DATASET_BODY_BYTES,
  textBodyTypes: ["text/csv"],
  handler: async ({ actor, params, body, text }) =>
    previewDrift({ actor, versionId: params.versionId, input: toColumnsInput(body, text) }),
});
