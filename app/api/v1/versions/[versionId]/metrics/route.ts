import { defineRoute } from "@/lib/server/http/define-route";
import { idempotentResponse, readIdempotency } from "@/lib/server/http/idempotency";
import { ingestMetrics } from "@/lib/server/monitoring/ingest-metrics";
import { ZVersionParams } from "@/lib/schemas/models";
import { MAX_METRICS_BODY_BYTES, ZIngestMetricsRequest } from "@/lib/schemas/monitoring";

export const POST = defineRoute({
  auth: "both",
  permission: "monitoring:ingest",
  params: ZVersionParams,
  body: ZIngestMetricsRequest,
  status: 201,
  maxBodyBytes: MAX_METRICS_BODY_BYTES,
  handler: async ({ actor, params, body, rawBody, req, requestId }) => {
    const idempotency = readIdempotency(req, actor, "metrics", rawBody);
    return idempotentResponse(
      await ingestMetrics({ actor, versionId: params.versionId, input: body, idempotency }),
      requestId,
    );
  },
});
