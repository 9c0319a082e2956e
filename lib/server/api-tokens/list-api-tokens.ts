import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TApiToken, TListApiTokensQuery } from "@/lib/schemas/api-tokens";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { requireTokenAccess } from "./token-access";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";

/**
 * API tokens, newest first, revoked and expired ones included; never the hash or the token. The actor's own,
 * or everyone's for `tokens:manage`. Keyset pages on (createdAt, id) (issue 18).
 */
export async function listApiTokens({
  actor,
  query,
}: {
  actor: TActor;
  query: TListApiTokensQuery;
}): Promise<{ items: TApiToken[]; nextCursor: string | null }> {
  const { everyone } = requireTokenAccess(actor);
  const db = await getDb();
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const rows = await db.apiToken.findMany({
    where: {
      ...(everyone ? {} : { userId: actor.userId }),
      ...(cursor
        ? {
            createdAt: { lte: new Date(cursor.t) },
            OR: [{ createdAt: { lt: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { lt: cursor.id } }],
          }
        : {}),
    },
    select: API_TOKEN_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toApiTokenDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
