import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListModelsQuery, TModel } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { MODEL_DTO_SELECT, toModelDto } from "./model-dto";

type SortField = "slug" | "title" | "updatedAt" | "createdAt";
type Cursor = { v: string; id: string };
const isCursor = (v: unknown): v is Cursor => !!v && typeof (v as Cursor).v === "string" && typeof (v as Cursor).id === "string";

/**
 * Searches and filters the registry with keyset pagination on (sort field, id): stable pages however
 * the data changes between calls, and constant cost at any depth.
 */
export async function listModels({ actor, query }: { actor: TActor; query: TListModelsQuery }): Promise<{ items: TModel[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const desc = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const isDate = field === "updatedAt" || field === "createdAt";
  const cursor = decodeCursor(query.cursor, isCursor);

  const and: Prisma.ModelWhereInput[] = [];
  if (!query.includeArchived) and.push({ archivedAt: null });
  if (query.search) {
    const s = query.search;
    and.push({ OR: [{ slug: { contains: s, mode: "insensitive" } }, { title: { contains: s, mode: "insensitive" } }, { tags: { has: s.toLowerCase() } }] });
  }
  if (query.stage) and.push({ versions: { some: { stage: query.stage } } });
  if (query.teamId) and.push({ teamId: query.teamId });
  if (query.ownerId) and.push({ OR: [{ dsOwnerId: query.ownerId }, { itOwnerId: query.ownerId }] });
  if (query.criticality) and.push({ criticality: query.criticality });
  if (query.health) and.push({ health: query.health });
  if (query.tag) and.push({ tags: { has: query.tag } });
  if (cursor) {
    const v = isDate ? new Date(cursor.v) : cursor.v;
    const cmp = desc ? "lt" : "gt";
    and.push({ OR: [{ [field]: { [cmp]: v } }, { [field]: v, id: { [cmp]: cursor.id } }] });
  }

  const rows = await db.model.findMany({
    where: { AND: and },
    select: MODEL_DTO_SELECT,
    orderBy: [{ [field]: desc ? "desc" : "asc" }, { id: desc ? "desc" : "asc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: isDate ? (last[field] as Date).toISOString() : String(last[field]), id: last.id }) : null;
  return { items: page.map(toModelDto), nextCursor };
}
