/**
 * The events Modelgate emits to webhooks (DESIGN.md section 4). Shared by the outbox writer
 * (lib/server/webhooks/enqueue-event.ts), the subscription schemas and the settings page.
 */
export const EVENT_TYPES = [
  "version.stage_changed",
  "approval.requested",
  "approval.decided",
  "handoff.proposed",
  "handoff.accepted",
  "handoff.declined",
  "alert.opened",
  "alert.resolved",
  "retraining.requested",
  "deployment.rolled_back",
  "webhook.test",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];

/**
 * What a webhook may subscribe to. `webhook.test` is left out: a test event goes to the one webhook it was
 * sent for, whatever that webhook subscribes to, and never to the others.
 */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter(
  (t): t is Exclude<TEventType, "webhook.test"> => t !== "webhook.test",
);

/** Subscribing to "*" means every event type, including ones added later. */
export const ALL_EVENTS = "*";

export const EVENT_DESCRIPTIONS: Record<TEventType, string> = {
  "version.stage_changed": "A version moved to another stage (promotion applied, archived).",
  "approval.requested": "A promotion request waits for approvals.",
  "approval.decided": "Someone approved or rejected a promotion request.",
  "handoff.proposed": "An ownership handoff was proposed.",
  "handoff.accepted": "A handoff was accepted; the model's owners changed.",
  "handoff.declined": "A handoff was declined, with a reason.",
  "alert.opened": "A monitoring alert opened.",
  "alert.resolved": "A monitoring alert was resolved.",
  "retraining.requested": "Monitoring asks the pipeline to retrain a model.",
  "deployment.rolled_back": "A production deployment was rolled back.",
  "webhook.test": "Sent from the settings page or API to check a receiver.",
};

/** The JSON body of every event as the outbox stores it: `{ type, occurredAt, data }`. */
export type TEventEnvelope = { type: TEventType; occurredAt: string; data: Record<string, unknown> };

export function buildEventEnvelope(type: TEventType, data: Record<string, unknown>, occurredAt: Date): TEventEnvelope {
  return { type, occurredAt: occurredAt.toISOString(), data };
}

/** Whether a webhook subscribed to `events` receives events of `type`. */
export function isSubscribed(events: readonly string[], type: string): boolean {
  return events.includes(type) || (events.includes(ALL_EVENTS) && type !== "webhook.test");
}
