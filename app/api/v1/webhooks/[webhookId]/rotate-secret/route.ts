import { defineRoute } from "@/lib/server/http/define-route";
import { rotateWebhookSecret } from "@/lib/server/webhooks/rotate-webhook-secret";
import { ZWebhookIdParams } from "@/lib/schemas/webhooks";

export const POST = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZWebhookIdParams,
  handler: ({ actor, params }) => rotateWebhookSecret({ actor, webhookId: params.webhookId }),
});
