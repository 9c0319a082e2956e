import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListModelsQuery, TModel } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isIsoInstant, rejectCursor } from "../http/cursor";
import { toModelDtoFromListRow, type TModelListRow } from "./model-dto";

type SortField = "slug" | "title" | "updatedAt" | "createdAt";
type Cursor = { v: string; id: string };
const isCursor = (v: unknown): v is Cursor => !!v && typeof (v as Cursor).v === "string" && typeof (v as Cursor).id === "string";

// Identifiers come from this table only, never from the request.
const SORT_COLUMNS: Record<SortField, Prisma.Sql> = {
  slug: Prisma.raw(`m."slug"`),
  title: Prisma.raw(`m."title"`),
  updatedAt: Prisma.raw(`m."updatedAt"`),
  createdAt: Prisma.raw(`m."createdAt"`),
};

/**
 * The filters as SQL, clause for clause what Prisma generated for the equivalent `where` (so `search`
 * still matches slug or title with ILIKE, its % and _ acting as wildcards, or a tag exactly). Table names
 * are unqualified: the connection's search_path names the schema (tests run in their own).
 */
function whereClauses(query: TListModelsQuery, column: Prisma.Sql, desc: boolean, cursor: Cursor | undefined, isDate: boolean): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (!query.includeArchived) and.push(Prisma.sql`m."archivedAt" IS NULL`);
  if (query.search) {
    const pattern = `%${query.search}%`;
    and.push(Prisma.sql`(m."slug" ILIKE ${pattern} OR m."title" ILIKE ${pattern} OR m."tags" @> ARRAY[${query.search.toLowerCase()}]::text[])`);
  }
  if (query.stage) and.push(Prisma.sql`EXISTS (SELECT 1 FROM "model_versions" s WHERE s."modelId" = m."id" AND s."stage" = CAST(${query.stage}::text AS "Stage"))`);
  if (query.teamId) and.push(Prisma.sql`m."teamId" = ${query.teamId}`);
  if (query.ownerId) and.push(Prisma.sql`(m."dsOwnerId" = ${query.ownerId} OR m."itOwnerId" = ${query.ownerId})`);
  if (query.criticality) and.push(Prisma.sql`m."criticality" = CAST(${query.criticality}::text AS "Criticality")`);
  if (query.health) and.push(Prisma.sql`m."health" = CAST(${query.health}::text AS "Health")`);
  if (query.tag) and.push(Prisma.sql`m."tags" @> ARRAY[${query.tag}]::text[]`);
  if (cursor) {
    const value = isDate ? Prisma.sql`${new Date(cursor.v)}::timestamptz` : Prisma.sql`${cursor.v}`;
    const cmp = Prisma.raw(desc ? "<" : ">");
    // The bound on the sort column alone is the index range ((column, id) indexes); the OR alone would be a filter.
    and.push(Prisma.sql`${column} ${Prisma.raw(desc ? "<=" : ">=")} ${value} AND (${column} ${cmp} ${value} OR (${column} = ${value} AND m."id" ${cmp} ${cursor.id}))`);
  }
  return and;
}

/**
 * Searches and filters the registry with keyset pagination on (sort field, id): stable pages however
 * the data changes between calls, and constant cost at any depth.
 *
 * One SQL statement per page, not Prisma's nested select: that select cost five statements and ~7 ms of
 * CPU per call (Prisma 6.19 compiles every query in WebAssembly), most of this endpoint's cost under
 * load; this statement costs ~1 ms (bench/registry.bench.ts, BENCHMARKS.md). Version summaries come from
 * the (modelId, number) index, so a model's cost no longer grows with its number of versions.
 */
export async function listModels({ actor, query }: { actor: TActor; query: TListModelsQuery }): Promise<{ items: TModel[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const desc = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const isDate = field === "updatedAt" || field === "createdAt";
  const cursor = decodeCursor(query.cursor, isCursor);
  // A cursor of another sort (a slug where a date belongs) or a forged date is the client's error, not the query's.
  if (cursor && isDate && !isIsoInstant(cursor.v)) rejectCursor();
  const column = SORT_COLUMNS[field];
  const and = whereClauses(query, column, desc, cursor, isDate);
  const direction = Prisma.raw(desc ? "DESC" : "ASC");

  const rows = await db.$queryRaw<TModelListRow[]>`
    SELECT m."id", m."slug", m."title", m."description", m."problemType"::text AS "problemType", m."criticality"::text AS "criticality",
      m."teamId", t."name" AS "teamName", m."dsOwnerId", ds."name" AS "dsOwnerName", m."itOwnerId", it."name" AS "itOwnerName",
      COALESCE(m."tags", '{}') AS "tags", m."health"::text AS "health", m."archivedAt", m."createdAt", m."updatedAt",
      (SELECT count(*)::int FROM "model_versions" c WHERE c."modelId" = m."id") AS "versionCount",
      latest."id" AS "latestId", latest."number" AS "latestNumber", latest."stage" AS "latestStage",
      live."id" AS "liveId", live."number" AS "liveNumber"
    FROM "models" m
    JOIN "teams" t ON t."id" = m."teamId"
    JOIN "users" ds ON ds."id" = m."dsOwnerId"
    LEFT JOIN "users" it ON it."id" = m."itOwnerId"
    LEFT JOIN LATERAL (SELECT v."id", v."number", v."stage"::text AS "stage" FROM "model_versions" v WHERE v."modelId" = m."id" ORDER BY v."number" DESC LIMIT 1) latest ON TRUE
    LEFT JOIN LATERAL (SELECT v."id", v."number" FROM "model_versions" v WHERE v."modelId" = m."id" AND v."stage" = 'MONITORING' ORDER BY v."number" DESC LIMIT 1) live ON TRUE
    WHERE ${and.length > 0 ? Prisma.join(and, " AND ") : Prisma.sql`TRUE`}
    ORDER BY ${column} ${direction}, m."id" ${direction}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: isDate ? (last[field] as Date).toISOString() : String(last[field]), id: last.id }) : null;
  return { items: page.map(toModelDtoFromListRow), nextCursor };
}
