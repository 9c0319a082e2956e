import { defineRoute } from "@/lib/server/http/define-route";
import { idempotentResponse, readIdempotency } from "@/lib/server/http/idempotency";
import { getReference } from "@/lib/server/monitoring/get-reference";
import { registerReference } from "@/lib/server/monitoring/register-reference";
import { toColumnsInput } from "@/lib/server/monitoring/validate-columns-input";
import { ZVersionParams } from "@/lib/schemas/models";
import { MAX_DATASET_BODY_BYTES, ZIngestColumnsRequest } from "@/lib/schemas/monitoring";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: ({ actor, params }) => getReference({ actor, versionId: params.versionId }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "monitoring:ingest",
  params: ZVersionParams,
  body: ZIngestColumnsRequest,
  status: 201,
  maxBodyBytes: MAX_DATASET_BODY_BYTES,
  textBodyTypes: ["text/csv"],
  handler: async ({ actor, params, body, text, rawBody, req, requestId }) => {
    const idempotency = readIdempotency(req, actor, "reference", rawBody);
    const result = await registerReference({
      actor,
      versionId: params.versionId,
      input: toColumnsInput(body, text),
      idempotency,
    });
    return idempotentResponse(result, requestId);
  },
});
