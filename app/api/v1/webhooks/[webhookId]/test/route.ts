import { defineRoute } from "@/lib/server/http/define-route";
import { sendTestEvent } from "@/lib/server/webhooks/send-test-event";
import { ZWebhookIdParams } from "@/lib/schemas/webhooks";

export const POST = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZWebhookIdParams,
  status: 201,
  handler: ({ actor, params }) => sendTestEvent({ actor, webhookId: params.webhookId }),
});
