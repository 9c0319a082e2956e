import { defineRoute } from "@/lib/server/http/define-route";
import { redeliverDelivery } from "@/lib/server/webhooks/redeliver-delivery";
import { ZDeliveryIdParams } from "@/lib/schemas/webhooks";

export const POST = defineRoute({
  auth: "both",
  permission: "webhooks:manage",
  params: ZDeliveryIdParams,
  handler: ({ actor, params }) => redeliverDelivery({ actor, deliveryId: params.deliveryId }),
});
