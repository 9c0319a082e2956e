import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/db/new-id";
import { MODEL_PLACEHOLDER, recipientsOf, type TNotificationDraft } from "@/lib/domain/notifications/notification-text";

type TNotifyContext = { modelId: string | null; actorId: string | null; actorLabel: string };

/**
 * Writes one notification per recipient in the caller's transaction (one INSERT; clock time, not the transaction's,
 * so two notifications of one transaction keep their order), so the inbox entry commits or
 * rolls back with the event it tells about. The actor is never among the recipients; inactive users are skipped.
 * Takes no lock: the rows reference users and are written by nobody else (the lock order is the caller's).
 */
export async function notifyUsers(
  tx: Tx,
  userIds: readonly (string | null | undefined)[],
  draft: TNotificationDraft,
  ctx: TNotifyContext,
): Promise<void> {
  const to = recipientsOf(userIds, ctx.actorId);
  if (to.length === 0) return;
  const ids = to.map(() => newId());
  await tx.$executeRaw`
    INSERT INTO notifications (id, "userId", kind, title, body, link, "modelId", "actorLabel", "createdAt")
    SELECT r.id, r.uid, ${draft.kind}, ${draft.title}, ${draft.body}, ${draft.link}, ${ctx.modelId}, ${ctx.actorLabel}, clock_timestamp()
    FROM unnest(${ids}::text[], ${to}::text[]) AS r(id, uid) JOIN users u ON u.id = r.uid AND u.active`;
}

/**
 * The same, to a model's data-science and IT owners (alerts and retraining on "my models"), in one statement;
 * MODEL_PLACEHOLDER in the title, body or link becomes the model's slug.
 */
export async function notifyModelOwners(
  tx: Tx,
  modelId: string,
  draft: TNotificationDraft,
  ctx: Omit<TNotifyContext, "modelId">,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO notifications (id, "userId", kind, title, body, link, "modelId", "actorLabel", "createdAt")
    SELECT ${newId()} || '-' || o.n, o.uid, ${draft.kind}, replace(${draft.title}, ${MODEL_PLACEHOLDER}, m.slug), replace(${draft.body}, ${MODEL_PLACEHOLDER}, m.slug),
      replace(${draft.link}, ${MODEL_PLACEHOLDER}, m.slug), ${modelId}, ${ctx.actorLabel}, clock_timestamp()
    FROM models m
    CROSS JOIN LATERAL (SELECT DISTINCT ON (uid) uid, n FROM unnest(ARRAY[m."dsOwnerId", m."itOwnerId"]) WITH ORDINALITY AS x(uid, n) WHERE uid IS NOT NULL) o
    JOIN users u ON u.id = o.uid AND u.active
    WHERE m.id = ${modelId} AND o.uid IS DISTINCT FROM ${ctx.actorId}::text`;
}

export const NOTIFICATION_SQL_FIELDS = Prisma.sql`n.id, n.kind, n.title, n.body, n.link, n."modelId", n."actorLabel", n."createdAt", n."readAt"`;
