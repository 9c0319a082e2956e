import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TApiToken } from "@/lib/schemas/api-tokens";
import { requireTokenAccess } from "./token-access";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";

/**
 * API tokens, newest first, revoked and expired ones included; never the hash or the token. The actor's own,
 * or everyone's for `tokens:manage`.
 */
export async function listApiTokens({ actor }: { actor: TActor }): Promise<TApiToken[]> {
  const { everyone } = requireTokenAccess(actor);
  const db = await getDb();
  const rows = await db.apiToken.findMany({
    where: everyone ? {} : { userId: actor.userId },
    select: API_TOKEN_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toApiTokenDto);
}
