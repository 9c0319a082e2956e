import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListNotificationsQuery, TListNotificationsResponse, TNotification } from "@/lib/schemas/notifications";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { NOTIFICATION_SQL_FIELDS } from "./notify";

type Cursor = { t: string; id: string };
const isCursor = (v: unknown): v is Cursor =>
  !!v && typeof (v as Cursor).t === "string" && typeof (v as Cursor).id === "string";
type Row = Omit<TNotification, "createdAt" | "readAt"> & { createdAt: Date; readAt: Date | null };

/** Unread notifications of a user: the bell's number (the partial index on unread rows). */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const [r] = await db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM notifications WHERE "userId" = ${userId} AND "readAt" IS NULL`;
  return r?.n ?? 0;
}

/** The bell of the signed-in shell. */
export async function countUnreadNotifications({ actor }: { actor: TActor }): Promise<number> {
  return countUnread(await getDb(), actor.userId);
}

/**
 * The actor's own notifications, newest first, keyset-paged on (createdAt, id); only ever the actor's rows
 * (the user id is the where clause), so another person's inbox cannot be read by any parameter.
 */
export async function listNotifications({
  actor,
  query,
}: {
  actor: TActor;
  query: TListNotificationsQuery;
}): Promise<TListNotificationsResponse> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const cursor = decodeCursor(query.cursor, isCursor);
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${NOTIFICATION_SQL_FIELDS} FROM notifications n
    WHERE n."userId" = ${actor.userId}
      ${query.unread ? Prisma.sql`AND n."readAt" IS NULL` : Prisma.empty}
      ${cursor ? Prisma.sql`AND (n."createdAt", n.id) < (${new Date(cursor.t)}::timestamptz, ${cursor.id})` : Prisma.empty}
    ORDER BY n."createdAt" DESC, n.id DESC LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
    unreadCount: await countUnread(db, actor.userId),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
