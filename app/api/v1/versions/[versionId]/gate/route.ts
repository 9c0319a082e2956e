import { defineRoute } from "@/lib/server/http/define-route";
import { previewGate } from "@/lib/server/promotions/preview-gate";
import { ZVersionParams } from "@/lib/schemas/models";

// The gate to the version's next stage: every requirement, met or not, and why.
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  handler: async ({ actor, params }) => ({ preview: await previewGate({ actor, versionId: params.versionId }) }),
});
