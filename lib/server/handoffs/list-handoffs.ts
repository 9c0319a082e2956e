import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { ZListHandoffsQuery, type THandoff, type TListHandoffsQuery } from "@/lib/schemas/handoffs";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";

/**
 * Handoffs, filtered; newest first, but PROPOSED ones oldest first (the order a receiver works in).
 * The portfolio is visible to everyone with `models:read`, so are its handoffs.
 */
export async function listHandoffs({
  actor,
  query: raw,
}: {
  actor: TActor;
  query: TListHandoffsQuery;
}): Promise<{ items: THandoff[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const query = ZListHandoffsQuery.parse(raw);
  const db = await getDb();
  const asc = query.status === "PROPOSED";
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.HandoffWhereInput = {
    AND: [
      query.status ? { status: query.status } : {},
      query.toUserId ? { toUserId: query.toUserId } : {},
      query.fromUserId ? { OR: [{ fromUserId: query.fromUserId }, { proposedById: query.fromUserId }] } : {},
      query.modelId ? { model: { OR: [{ id: query.modelId }, { slug: query.modelId }] } } : {},
      cursor
        ? {
            proposedAt: { [asc ? "gte" : "lte"]: new Date(cursor.t) },
            OR: [
              { proposedAt: { [asc ? "gt" : "lt"]: new Date(cursor.t) } },
              { proposedAt: new Date(cursor.t), id: { [asc ? "gt" : "lt"]: cursor.id } },
            ],
          }
        : {},
    ],
  };
  const rows = await db.handoff.findMany({
    where,
    select: HANDOFF_DTO_SELECT,
    orderBy: [{ proposedAt: asc ? "asc" : "desc" }, { id: asc ? "asc" : "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toHandoffDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.proposedAt.toISOString(), id: last.id }) : null,
  };
}
