import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { MAX_ATTEMPTS } from "@/lib/domain/webhooks/backoff";
import type { TWebhook, TWebhookDelivery } from "@/lib/schemas/webhooks";

/** Never selects the secret (it is also in the global omit): what leaves the server cannot leak it. */
export const WEBHOOK_DTO_SELECT = {
  id: true,
  url: true,
  events: true,
  active: true,
  description: true,
  disabledReason: true,
  createdAt: true,
  secretRotatedAt: true,
} as const;

type WebhookRow = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  disabledReason: string | null;
  createdAt: Date;
  secretRotatedAt: Date | null;
};
type Counts = TWebhook["deliveryCounts"];

/** Deliveries per status for each webhook, in one grouped query. */
export async function countDeliveries(db: Db | Tx, webhookIds: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(webhookIds.map((id) => [id, { pending: 0, succeeded: 0, failed: 0 }]));
  if (!webhookIds.length) return out;
  const groups = await db.webhookDelivery.groupBy({
    by: ["webhookId", "status"],
    where: { webhookId: { in: webhookIds } },
    _count: { _all: true },
  });
  for (const g of groups) {
    const c = out.get(g.webhookId);
    if (!c) continue;
    if (g.status === "PENDING") c.pending = g._count._all;
    else if (g.status === "SUCCEEDED") c.succeeded = g._count._all;
    else c.failed = g._count._all;
  }
  return out;
}

export function toWebhookDto(w: WebhookRow, counts: Counts = { pending: 0, succeeded: 0, failed: 0 }): TWebhook {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    active: w.active,
    description: w.description,
    disabledReason: w.disabledReason,
    createdAt: w.createdAt.toISOString(),
    secretRotatedAt: w.secretRotatedAt?.toISOString() ?? null,
    deliveryCounts: counts,
  };
}

/** One webhook with its counts, for use cases that return the row they changed. */
export async function loadWebhookDto(db: Db | Tx, webhookId: string): Promise<TWebhook | null> {
  const row = await db.webhook.findUnique({ where: { id: webhookId }, select: WEBHOOK_DTO_SELECT });
  if (!row) return null;
  return toWebhookDto(row, (await countDeliveries(db, [row.id])).get(row.id));
}

// A delivery's attempt log is bounded by MAX_ATTEMPTS per cycle; show the latest few cycles at most.
const ATTEMPTS_SHOWN = 50;

export const DELIVERY_DTO_SELECT = {
  id: true,
  webhookId: true,
  eventId: true,
  event: { select: { type: true } },
  status: true,
  attempts: true,
  cycleStart: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  createdAt: true,
  completedAt: true,
  attemptLog: {
    select: { attemptNo: true, statusCode: true, durationMs: true, error: true, createdAt: true },
    orderBy: { attemptNo: "desc" },
    take: ATTEMPTS_SHOWN,
  },
} as const;

type DeliveryRow = {
  id: string;
  webhookId: string;
  eventId: string;
  event: { type: string };
  status: TWebhookDelivery["status"];
  attempts: number;
  cycleStart: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
  attemptLog: {
    attemptNo: number;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    createdAt: Date;
  }[];
};

export function toDeliveryDto(d: DeliveryRow): TWebhookDelivery {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.event.type,
    status: d.status,
    attempts: d.attempts,
    attemptsInCycle: d.attempts - d.cycleStart,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: d.status === "PENDING" ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    completedAt: d.completedAt?.toISOString() ?? null,
    attemptLog: d.attemptLog.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
  };
}
