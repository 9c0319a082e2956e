import { defineRoute } from "@/lib/server/http/define-route";
import { listDeliveries } from "@/lib/server/webhooks/list-deliveries";
import { ZListDeliveriesQuery, ZWebhookIdParams } from "@/lib/schemas/webhooks";

export const GET = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZWebhookIdParams,
  query: ZListDeliveriesQuery,
  handler: ({ actor, params, query }) => listDeliveries({ actor, webhookId: params.webhookId, query }),
});
