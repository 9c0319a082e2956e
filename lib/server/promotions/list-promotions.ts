import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListPromotionsQuery, TPromotionRequest } from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { PROMOTION_DTO_SELECT, toPromotionDto } from "./promotion-dto";

type Cursor = { t: string; id: string };
const isCursor = (v: unknown): v is Cursor => !!v && typeof (v as Cursor).t === "string" && typeof (v as Cursor).id === "string";

/** Promotion requests, newest first (oldest first when listing PENDING, the order reviewers work in). */
export async function listPromotions({ actor, query }: { actor: TActor; query: TListPromotionsQuery }): Promise<{ items: TPromotionRequest[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  return readPromotions(query);
}

async function readPromotions(query: TListPromotionsQuery): Promise<{ items: TPromotionRequest[]; nextCursor: string | null }> {
  const db = await getDb();
  const asc = query.status === "PENDING";
  const cursor = decodeCursor(query.cursor, isCursor);
  const where: Prisma.TransitionRequestWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.versionId ? { versionId: query.versionId } : {}),
    ...(query.modelId ? { version: { modelId: query.modelId } } : {}),
    ...(cursor ? { OR: [{ createdAt: { [asc ? "gt" : "lt"]: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { [asc ? "gt" : "lt"]: cursor.id } }] } : {}),
  };
  const rows = await db.transitionRequest.findMany({ where, select: PROMOTION_DTO_SELECT, orderBy: [{ createdAt: asc ? "asc" : "desc" }, { id: asc ? "asc" : "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toPromotionDto), nextCursor: rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null };
}

/**
 * The reviewer's queue: pending requests whose gate still needs a role this person holds, excluding
 * versions they created or requested (they could not approve those), oldest first.
 */
export async function listPromotionQueue({ actor }: { actor: TActor }): Promise<TPromotionRequest[]> {
  // The queue needs only the permission its route declares (approvals:decide): a write-scoped token of a
  // reviewer reads the requests it may decide, no models:read besides (issue 16).
  requirePermission(actor, "approvals:decide");
  const { items } = await readPromotions({ status: "PENDING", limit: 100 });
  return items.filter((r) => {
    if (r.requester.id === actor.userId) return false;
    if (r.approvals.some((a) => a.approver.id === actor.userId)) return false;
    const missing = (r.gate?.requirements ?? []).filter((x) => !x.met && x.key.startsWith("approval:")).map((x) => x.key.slice("approval:".length));
    return missing.some((role) => actor.roles.includes(role as never));
  });
}
