import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { ZMarkNotificationsReadRequest, type TMarkNotificationsReadRequest } from "@/lib/schemas/notifications";
import { requirePermission } from "../auth/get-actor";
import { countUnread } from "./list-notifications";

/**
 * Marks the actor's notifications read (the ids given, or all). One UPDATE scoped to the actor's rows: ids of
 * someone else's notifications match nothing. Not audited — reading one's inbox changes no registry state.
 */
export async function markNotificationsRead({
  actor,
  input: raw,
}: {
  actor: TActor;
  input: TMarkNotificationsReadRequest;
}) {
  requirePermission(actor, "models:read");
  const input = ZMarkNotificationsReadRequest.parse(raw);
  const db = await getDb();
  const which = "ids" in input ? Prisma.sql`AND id = ANY(${input.ids}::text[])` : Prisma.empty;
  const marked =
    await db.$executeRaw`UPDATE notifications SET "readAt" = now() WHERE "userId" = ${actor.userId} AND "readAt" IS NULL ${which}`;
  return { marked, unreadCount: await countUnread(db, actor.userId) };
}
