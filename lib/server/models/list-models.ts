import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { KEY_METRICS } from "@/lib/domain/versions/key-metric";
import type { MODEL_SORT_FIELDS, TListModelsQuery, TModel } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isIsoInstant, rejectCursor } from "../http/cursor";
import { toModelDtoFromListRow, type TModelListRow } from "./model-dto";

type SortField = (typeof MODEL_SORT_FIELDS)[number];
type Cursor = { v: string; id: string };
const isCursor = (v: unknown): v is Cursor =>
  !!v && typeof (v as Cursor).v === "string" && typeof (v as Cursor).id === "string";

/**
 * Each sort field: its SQL expression (identifiers come from this table only, never from the request) and how a
 * cursor's text value is cast back for the keyset comparison. Health, criticality and stage sort by their enum's
 * declaration order (UNKNOWN < HEALTHY < WARNING < CRITICAL; MISSION_CRITICAL < INTERNAL; the lifecycle), so
 * "-health" lists critical models first. Models without a version or key metric take a sentinel that puts them
 * last in either direction. Cost: slug, title, dates, health and criticality read models' own columns (indexed);
 * stage, owner, team and key metric are computed per model from one index lookup each — cheap at registry sizes
 * (thousands of models), and no worse than the filters already are.
 */
function sortSpec(field: SortField, desc: boolean): { column: Prisma.Sql; cast: (v: string) => Prisma.Sql } {
  const text = (v: string) => Prisma.sql`${v}`;
  switch (field) {
    case "updatedAt":
    case "createdAt":
      return { column: Prisma.raw(`m."${field}"`), cast: (v) => Prisma.sql`${new Date(v)}::timestamptz` };
    case "health":
      return { column: Prisma.raw(`m."health"`), cast: (v) => Prisma.sql`CAST(${v}::text AS "Health")` };
    case "criticality":
      return { column: Prisma.raw(`m."criticality"`), cast: (v) => Prisma.sql`CAST(${v}::text AS "Criticality")` };
    case "stage":
      return {
        column: Prisma.raw(`COALESCE(latest."stageOrder", ${desc ? 0 : 99})`),
        cast: (v) => Prisma.sql`${Number(v)}::int`,
      };
    case "owner":
      return { column: Prisma.raw(`lower(ds."name")`), cast: text };
    case "team":
      return { column: Prisma.raw(`lower(t."name")`), cast: text };
    case "keyMetric":
      return {
        column: Prisma.raw(`COALESCE(km."value", '${desc ? "-Infinity" : "Infinity"}'::float8)`),
        cast: (v) => Prisma.sql`${v}::float8`,
      };
    default:
      return { column: Prisma.raw(`m."${field}"`), cast: text };
  }
}

// The key metric's names in their order (lib/domain/versions/key-metric.ts), as a VALUES list.
const KEY_METRIC_VALUES = Prisma.join(KEY_METRICS.map((name, i) => Prisma.sql`(${i}, ${name})`));

/**
 * The filters as SQL, clause for clause what Prisma generated for the equivalent `where` (so `search`
 * still matches slug or title with ILIKE, its % and _ acting as wildcards, or a tag exactly). Table names
 * are unqualified: the connection's search_path names the schema (tests run in their own).
 */
function whereClauses(
  query: TListModelsQuery,
  sort: ReturnType<typeof sortSpec>,
  desc: boolean,
  cursor: Cursor | undefined,
): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (!query.includeArchived) and.push(Prisma.sql`m."archivedAt" IS NULL`);
  if (query.search) {
    const pattern = `%${query.search}%`;
    and.push(
      Prisma.sql`(m."slug" ILIKE ${pattern} OR m."title" ILIKE ${pattern} OR m."tags" @> ARRAY[${query.search.toLowerCase()}]::text[])`,
    );
  }
  if (query.stage)
    and.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "model_versions" s WHERE s."modelId" = m."id" AND s."stage" = CAST(${query.stage}::text AS "Stage"))`,
    );
  if (query.teamId) and.push(Prisma.sql`m."teamId" = ${query.teamId}`);
  if (query.ownerId) and.push(Prisma.sql`(m."dsOwnerId" = ${query.ownerId} OR m."itOwnerId" = ${query.ownerId})`);
  if (query.criticality) and.push(Prisma.sql`m."criticality" = CAST(${query.criticality}::text AS "Criticality")`);
  if (query.health) and.push(Prisma.sql`m."health" = CAST(${query.health}::text AS "Health")`);
  if (query.tag) and.push(Prisma.sql`m."tags" @> ARRAY[${query.tag}]::text[]`);
  if (cursor) {
    const value = sort.cast(cursor.v);
    const cmp = Prisma.raw(desc ? "<" : ">");
    const column = sort.column;
    // The bound on the sort column alone is the index range ((column, id) indexes); the OR alone would be a filter.
    and.push(
      Prisma.sql`${column} ${Prisma.raw(desc ? "<=" : ">=")} ${value} AND (${column} ${cmp} ${value} OR (${column} = ${value} AND m."id" ${cmp} ${cursor.id}))`,
    );
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
export async function listModels({
  actor,
  query,
}: {
  actor: TActor;
  query: TListModelsQuery;
}): Promise<{ items: TModel[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const desc = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const sort = sortSpec(field, desc);
  const cursor = decodeCursor(query.cursor, isCursor);
  // A cursor of another sort (a slug where a date belongs) or a forged date is the client's error, not the query's.
  if (cursor && (field === "updatedAt" || field === "createdAt") && !isIsoInstant(cursor.v)) rejectCursor();
  const column = sort.column;
  const and = whereClauses(query, sort, desc, cursor);
  const direction = Prisma.raw(desc ? "DESC" : "ASC");

  const rows = await db.$queryRaw<(TModelListRow & { sortKey: unknown })[]>`
    SELECT m."id", m."slug", m."title", m."description", m."problemType"::text AS "problemType", m."criticality"::text AS "criticality",
      m."teamId", t."name" AS "teamName", m."dsOwnerId", ds."name" AS "dsOwnerName", m."itOwnerId", it."name" AS "itOwnerName",
      COALESCE(m."tags", '{}') AS "tags", m."health"::text AS "health", m."archivedAt", m."createdAt", m."updatedAt",
      (SELECT count(*)::int FROM "model_versions" c WHERE c."modelId" = m."id") AS "versionCount",
      latest."id" AS "latestId", latest."number" AS "latestNumber", latest."stage" AS "latestStage",
      live."id" AS "liveId", live."number" AS "liveNumber", km."name" AS "keyMetricName", km."value" AS "keyMetricValue",
      ${column} AS "sortKey"
    FROM "models" m
    JOIN "teams" t ON t."id" = m."teamId"
    JOIN "users" ds ON ds."id" = m."dsOwnerId"
    LEFT JOIN "users" it ON it."id" = m."itOwnerId"
    LEFT JOIN LATERAL (
      SELECT v."id", v."number", v."stage"::text AS "stage", array_position(enum_range(NULL::"Stage"), v."stage") AS "stageOrder", v."metrics"
      FROM "model_versions" v WHERE v."modelId" = m."id" ORDER BY v."number" DESC LIMIT 1) latest ON TRUE
    LEFT JOIN LATERAL (
      SELECT k."name", (latest."metrics" ->> k."name")::float8 AS "value" FROM (VALUES ${KEY_METRIC_VALUES}) AS k("ord", "name")
      WHERE jsonb_typeof(latest."metrics" -> k."name") = 'number' ORDER BY k."ord" LIMIT 1) km ON TRUE
    LEFT JOIN LATERAL (SELECT v."id", v."number" FROM "model_versions" v WHERE v."modelId" = m."id" AND v."stage" = 'MONITORING' ORDER BY v."number" DESC LIMIT 1) live ON TRUE
    WHERE ${and.length > 0 ? Prisma.join(and, " AND ") : Prisma.sql`TRUE`}
    ORDER BY ${column} ${direction}, m."id" ${direction}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({
          v: last.sortKey instanceof Date ? last.sortKey.toISOString() : String(last.sortKey),
          id: last.id,
        })
      : null;
  return { items: page.map(({ sortKey: _sortKey, ...row }) => toModelDtoFromListRow(row)), nextCursor };
}
