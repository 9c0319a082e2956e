import { defineRoute } from "@/lib/server/http/define-route";
import { idempotentResponse, readIdempotency } from "@/lib/server/http/idempotency";
import { ingestSamples } from "@/lib/server/monitoring/ingest-samples";
import { toColumnsInput } from "@/lib/server/monitoring/validate-columns-input";
import { ZVersionParams } from "@/lib/schemas/models";
import { MAX_DATASET_BODY_BYTES, ZIngestColumnsRequest, ZIngestSamplesQuery } from "@/lib/schemas/monitoring";

export const POST = defineRoute({
  auth: "both",
  permission: "monitoring:ingest",
  params: ZVersionParams,
  query: ZIngestSamplesQuery,
  body: ZIngestColumnsRequest,
  status: 201,
  maxBodyBytes: MAX_DATASET_BODY_BYTES,
  textBodyTypes: ["text/csv"],
  handler: async ({ actor, params, query, body, text, rawBody, req, requestId }) => {
    const idempotency = readIdempotency(req, actor, "samples", rawBody);
    const result = await ingestSamples({
      actor,
      versionId: params.versionId,
      input: toColumnsInput(body, text),
      query,
      idempotency,
    });
    return idempotentResponse(result, requestId);
  },
});
