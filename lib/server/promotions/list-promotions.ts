import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListPromotionsQuery, TPromotionQueueQuery, TPromotionRequest } from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { PROMOTION_DTO_SELECT, toPromotionDto } from "./promotion-dto";

/** Promotion requests, newest first (oldest first when listing PENDING, the order reviewers work in). */
export async function listPromotions({
  actor,
  query,
}: {
  actor: TActor;
  query: TListPromotionsQuery;
}): Promise<{ items: TPromotionRequest[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  return readPromotions(query);
}

async function readPromotions(
  query: TListPromotionsQuery,
): Promise<{ items: TPromotionRequest[]; nextCursor: string | null }> {
  const db = await getDb();
  const asc = query.status === "PENDING";
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.TransitionRequestWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.versionId ? { versionId: query.versionId } : {}),
    ...(query.modelId ? { version: { modelId: query.modelId } } : {}),
    ...(cursor
      ? {
          createdAt: { [asc ? "gte" : "lte"]: new Date(cursor.t) },
          OR: [
            { createdAt: { [asc ? "gt" : "lt"]: new Date(cursor.t) } },
            { createdAt: new Date(cursor.t), id: { [asc ? "gt" : "lt"]: cursor.id } },
          ],
        }
      : {}),
  };
  const rows = await db.transitionRequest.findMany({
    where,
    select: PROMOTION_DTO_SELECT,
    orderBy: [{ createdAt: asc ? "asc" : "desc" }, { id: asc ? "asc" : "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toPromotionDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** Whether a pending request waits on this reviewer: not theirs, not already approved by them, and missing one of their roles. */
function waitsOn(actor: TActor, r: TPromotionRequest): boolean {
  if (r.requester.id === actor.userId) return false;
  if (r.approvals.some((a) => a.approver.id === actor.userId)) return false;
  const missing = (r.gate?.requirements ?? [])
    .filter((x) => !x.met && x.key.startsWith("approval:"))
    .map((x) => x.key.slice("approval:".length));
  return missing.some((role) => actor.roles.includes(role as never));
}

/**
 * The reviewer's queue: pending requests whose gate still needs a role this person holds, excluding
 * versions they created or requested (they could not approve those), oldest first. Keyset pages (issue 18): the
 * pending requests are read in batches after the cursor and filtered until the page is full, so a page costs what it
 * returns plus the requests it skips, never every request before it; the cursor is the last request returned.
 */
export async function listPromotionQueue({
  actor,
  query = { limit: 100 },
}: {
  actor: TActor;
  query?: TPromotionQueueQuery;
}): Promise<{ items: TPromotionRequest[]; nextCursor: string | null }> {
  // The queue needs only the permission its route declares (approvals:decide): a write-scoped token of a
  // reviewer reads the requests it may decide, no models:read besides (issue 16).
  requirePermission(actor, "approvals:decide");
  const items: TPromotionRequest[] = [];
  let cursor = query.cursor;
  for (;;) {
    const batch = await readPromotions({ status: "PENDING", limit: 100, cursor });
    for (const r of batch.items) {
      if (!waitsOn(actor, r)) continue;
      if (items.length === query.limit) {
        // One more waiting request exists: the page is full and has a successor.
        const last = items[items.length - 1]!;
        return { items, nextCursor: encodeCursor({ t: last.createdAt, id: last.id }) };
      }
      items.push(r);
    }
    if (!batch.nextCursor) return { items, nextCursor: null };
    cursor = batch.nextCursor;
  }
}
