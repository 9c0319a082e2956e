import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListRetrainingRequestsQuery, TRetrainingRequest } from "@/lib/schemas/retraining";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { findModelRef } from "../models/find-model";
import { RETRAINING_DTO_SELECT, toRetrainingDtos } from "./retraining-dto";

/** Retraining requests, newest first, filtered by status, model (id or slug) or assignee. */
export async function listRetrainingRequests({
  actor,
  query,
}: {
  actor: TActor;
  query: TListRetrainingRequestsQuery;
}): Promise<{ items: TRetrainingRequest[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const modelId = query.modelId ? (await findModelRef(db, query.modelId)).id : undefined;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.RetrainingRequestWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(modelId ? { modelId } : {}),
    ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
    ...(cursor
      ? {
          createdAt: { lte: new Date(cursor.t) },
          OR: [{ createdAt: { lt: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await db.retrainingRequest.findMany({
    where,
    select: RETRAINING_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toRetrainingDtos(db, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
