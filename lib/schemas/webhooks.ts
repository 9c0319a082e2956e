import { z } from "zod";
import { MAX_ATTEMPTS } from "@/lib/domain/webhooks/backoff";
import { ALL_EVENTS, SUBSCRIBABLE_EVENT_TYPES } from "@/lib/domain/webhooks/event-types";
import { ZId, ZIsoDate } from "./common";
import { zLine } from "./input-policy";

const DELIVERY_STATUSES = ["PENDING", "SUCCEEDED", "FAILED"] as const;
export const ZDeliveryStatus = z
  .enum(DELIVERY_STATUSES)
  .describe("PENDING until delivered (SUCCEEDED) or given up (FAILED)");

// zod runs refinements after a failed format check too: an unparsable URL is the format's problem, not this one's.
function hasNoCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return !u.username && !u.password;
  } catch {
    return true;
  }
}

const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." })
  .max(2048, "Use at most 2048 characters.")
  // The URL is shown on the settings page and in the audit log; receivers authenticate requests by their signature.
  .refine(hasNoCredentials, "Put no credentials in the URL: receivers check the Modelgate-Signature header instead.")
  .describe("Where events are POSTed (http or https; redirects are not followed)");

const ZSubscription = z
  .array(
    z.enum([...SUBSCRIBABLE_EVENT_TYPES, ALL_EVENTS], {
      error: `Use an event type (${SUBSCRIBABLE_EVENT_TYPES.join(", ")}) or "*".`,
    }),
  )
  .min(1, "Choose at least one event type.")
  .refine((e) => new Set(e).size === e.length, "Each event type may appear once.")
  .refine((e) => !e.includes(ALL_EVENTS) || e.length === 1, 'Choose either "*" (every event) or a list of event types.')
  .describe('Event types to receive, or ["*"] for every type (including types added later)');

const ZDescription = zLine()
  .trim()
  .max(500, "Use at most 500 characters.")
  .describe("What receives these events, e.g. 'CI retraining pipeline'");

export const ZCreateWebhookRequest = z
  .object({
    url: ZWebhookUrl,
    events: ZSubscription,
    description: ZDescription.default(""),
    active: z.boolean().default(true).describe("Inactive webhooks receive nothing"),
  })
  .strict();
export type TCreateWebhookRequest = z.input<typeof ZCreateWebhookRequest>;

export const ZUpdateWebhookRequest = z
  .object({
    url: ZWebhookUrl.optional(),
    events: ZSubscription.optional(),
    description: ZDescription.optional(),
    active: z
      .boolean()
      .optional()
      .describe("Deactivating fails the webhook's pending deliveries; reactivating clears `disabledReason`"),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.");
export type TUpdateWebhookRequest = z.input<typeof ZUpdateWebhookRequest>;

export const ZWebhook = z
  .object({
    id: ZId,
    url: z.string(),
    events: z.array(z.string()).describe('Subscribed event types, or ["*"]'),
    active: z.boolean(),
    description: z.string(),
    disabledReason: z
      .string()
      .nullable()
      .describe("Why Modelgate deactivated the webhook by itself (a 410 Gone answer); null otherwise"),
    createdAt: ZIsoDate,
    secretRotatedAt: ZIsoDate.nullable(),
    deliveryCounts: z
      .object({ pending: z.number().int(), succeeded: z.number().int(), failed: z.number().int() })
      .strict(),
  })
  .strict();
export type TWebhook = z.infer<typeof ZWebhook>;

export const ZWebhookWithSecret = ZWebhook.extend({
  secret: z
    .string()
    .describe("The signing secret (`whsec_…`). Shown in this response only: store it now, it cannot be read again"),
}).strict();
export type TWebhookWithSecret = z.infer<typeof ZWebhookWithSecret>;

export const ZListWebhooksResponse = z.object({ items: z.array(ZWebhook) }).strict();
export type TListWebhooksResponse = z.infer<typeof ZListWebhooksResponse>;

export const ZDeliveryAttempt = z
  .object({
    attemptNo: z
      .number()
      .int()
      .describe("1, 2, … over the delivery's whole life (manual redeliveries continue the count)"),
    statusCode: z
      .number()
      .int()
      .nullable()
      .describe("The receiver's HTTP status; null after a timeout or network error"),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    createdAt: ZIsoDate,
  })
  .strict();
export type TDeliveryAttempt = z.infer<typeof ZDeliveryAttempt>;

export const ZWebhookDelivery = z
  .object({
    id: ZId.describe("Sent as the Modelgate-Delivery header"),
    webhookId: ZId,
    eventId: ZId.describe("Sent as the Modelgate-Event header and as `id` in the body: deduplicate on it"),
    eventType: z.string(),
    status: ZDeliveryStatus,
    attempts: z.number().int().describe("Attempts made in total"),
    attemptsInCycle: z
      .number()
      .int()
      .describe(`Attempts since creation or the last manual redelivery; the delivery fails after ${MAX_ATTEMPTS}`),
    maxAttempts: z.number().int(),
    nextAttemptAt: ZIsoDate.nullable().describe("When the next attempt is due; null unless PENDING"),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: ZIsoDate,
    completedAt: ZIsoDate.nullable(),
    attemptLog: z.array(ZDeliveryAttempt).describe("Every attempt, newest first"),
  })
  .strict();
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZListDeliveriesQuery = z
  .object({
    status: ZDeliveryStatus.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25).describe("Page size, 1–100"),
    cursor: z.string().max(200).optional().describe("Opaque: the nextCursor of the previous page"),
  })
  .strict();
export type TListDeliveriesQuery = z.input<typeof ZListDeliveriesQuery>;

export const ZListDeliveriesResponse = z
  .object({
    items: z.array(ZWebhookDelivery).describe("Newest first"),
    nextCursor: z.string().nullable().describe("null on the last page"),
  })
  .strict();
export type TListDeliveriesResponse = z.infer<typeof ZListDeliveriesResponse>;

export const ZWebhookIdParams = z.object({ webhookId: ZId }).strict();
export const ZDeliveryIdParams = z.object({ deliveryId: ZId }).strict();
