import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TApiToken } from "@/lib/schemas/api-tokens";
import { requirePermission } from "../auth/get-actor";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";

/** Every API token, newest first, revoked and expired ones included; never the hash or the token. */
export async function listApiTokens({ actor }: { actor: TActor }): Promise<TApiToken[]> {
  requirePermission(actor, "tokens:manage");
  const db = await getDb();
  const rows = await db.apiToken.findMany({ select: API_TOKEN_DTO_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(toApiTokenDto);
}
