import { defineRoute } from "@/lib/server/http/define-route";
import { createWebhook } from "@/lib/server/webhooks/create-webhook";
import { listWebhooks } from "@/lib/server/webhooks/list-webhooks";
import { ZCreateWebhookRequest } from "@/lib/schemas/webhooks";

export const GET = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  handler: async ({ actor }) => ({ items: await listWebhooks({ actor }) }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  body: ZCreateWebhookRequest,
  status: 201,
  handler: ({ actor, body }) => createWebhook({ actor, input: body }),
});
