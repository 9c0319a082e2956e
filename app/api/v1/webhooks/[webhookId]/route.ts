import { defineRoute } from "@/lib/server/http/define-route";
import { deleteWebhook } from "@/lib/server/webhooks/delete-webhook";
import { updateWebhook } from "@/lib/server/webhooks/update-webhook";
import { ZUpdateWebhookRequest, ZWebhookIdParams } from "@/lib/schemas/webhooks";

export const PATCH = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZWebhookIdParams,
  body: ZUpdateWebhookRequest,
  handler: ({ actor, params, body }) => updateWebhook({ actor, webhookId: params.webhookId, input: body }),
});

export const DELETE = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZWebhookIdParams,
  status: 204,
  handler: ({ actor, params }) => deleteWebhook({ actor, webhookId: params.webhookId }),
});
