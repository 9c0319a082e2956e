/**
 * The floor: the SQL statements one request of each endpoint issues, run with the same parameters and
 * in the same order, without HTTP, Next.js, Prisma or JSON encoding. The statements are copies:
 *
 *   both endpoints   1. the token joined to its owner, by tokenHash      (actorFromApiToken, lib/server/auth/resolve-actor.ts)
 *   models?search=   2. the page of models with team, owners and version summary   (lib/server/models/list-models.ts)
 *   versions/{id}    2. the version with its model's slug and creator     (VERSION_DTO_SQL, lib/server/versions/version-dto.ts)
 *
 * All are our own $queryRaw text (2 with the search filter only). The server's statement count per request, printed beside the floor's, checks that nothing was
 * left out. Not in the floor: the token's lastUsedAt UPDATE, which resolve-actor.ts issues at most once a
 * minute. (Before list-models.ts and get-version.ts read in one statement, the floor was 7 and 5
 * statements: Prisma's parent query plus one per relation; before authentication read token and owner in one
 * statement, 3 and 3; see BENCHMARKS.md.)
 */
import { createHash } from "node:crypto";

export type TQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const TOKEN_ACTOR_SQL = `
    SELECT t."id" AS "tokenId", t."scopes", t."revokedAt", t."expiresAt", t."lastUsedAt",
           u."id", u."email", u."name", u."roles"::text[] AS "roles", u."teamId", u."active"
      FROM "api_tokens" t JOIN "users" u ON u."id" = t."userId"
     WHERE t."tokenHash" = $1`;
const LIST_SQL = `
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
    WHERE m."archivedAt" IS NULL AND (m."slug" ILIKE $1 OR m."title" ILIKE $2 OR m."tags" @> ARRAY[$3]::text[])
    ORDER BY m."slug" ASC, m."id" ASC
    LIMIT $4`;
const VERSION_SQL = `
  SELECT v."id", v."modelId", m."slug" AS "modelSlug", v."number", v."stage"::text AS "stage", v."status"::text AS "status",
    v."description", v."artifactUri", v."framework", v."gitCommit", v."trainingDataset", v."parameters", v."metrics", v."featureSchema",
    v."health"::text AS "health", u."id" AS "createdById", u."name" AS "createdByName", v."stageChangedAt", v."createdAt"
  FROM "model_versions" v
  JOIN "models" m ON m."id" = v."modelId"
  LEFT JOIN "users" u ON u."id" = v."createdById" WHERE v."id" = $1`;

export const LIST_STATEMENTS = 2;
export const VERSION_STATEMENTS = 2;

async function authenticate(query: TQuery, token: string): Promise<void> {
  const [row] = await query<{ id: string }>(TOKEN_ACTOR_SQL, [createHash("sha256").update(token).digest("hex")]);
  if (!row) throw new Error("floor: the bench token is not in the database");
}

/** One GET /api/v1/models?search=<term> (limit 25, sort slug) worth of SQL; returns the number of models found. */
export async function listModelsFloor(query: TQuery, token: string, term: string): Promise<number> {
  await authenticate(query, token);
  const rows = await query(LIST_SQL, [`%${term}%`, `%${term}%`, term.toLowerCase(), 26]);
  return rows.length;
}

/** One GET /api/v1/versions/{id} worth of SQL. */
export async function getVersionFloor(query: TQuery, token: string, versionId: string): Promise<void> {
  await authenticate(query, token);
  const [version] = await query(VERSION_SQL, [versionId]);
  if (!version) throw new Error(`floor: no version ${versionId}`);
}
