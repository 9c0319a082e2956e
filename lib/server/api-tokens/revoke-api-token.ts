import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TApiToken } from "@/lib/schemas/api-tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requireTokenAccess } from "./token-access";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Revokes a token (the actor's own, or anyone's with `tokens:manage`) for good; the next request with it gets 401. Audited in the same transaction.
 * Throws NOT_FOUND for unknown ids and CONFLICT when the token is already revoked, so of two concurrent
 * revokes exactly one succeeds and exactly one audit event is written.
 */
export async function revokeApiToken({ actor, tokenId }: { actor: TActor; tokenId: string }): Promise<TApiToken> {
  const { everyone } = requireTokenAccess(actor);
  // Someone else's token is outside a non-administrator's reach: the same 404 as an unknown id.
  const reach = everyone ? {} : { userId: actor.userId };
  return runTransaction(async (tx) => {
    // Conditional update: the row lock makes a concurrent revoke wait, then match nothing.
    const revokedAt = new Date();
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null, ...reach },
      data: { revokedAt },
    });
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, ...reach }, select: API_TOKEN_DTO_SELECT });
    if (!row) throw new AppError("NOT_FOUND", "No API token with this id.");
    if (count === 0)
      throw new AppError("CONFLICT", "This API token is already revoked.", {
        extra: { revokedAt: row.revokedAt?.toISOString() },
      });
    const dto = toApiTokenDto(row);
    await appendAuditEvent(tx, {
      actor,
      action: "token.revoked",
      entityType: "api_token",
      entityId: dto.id,
      before: { revokedAt: null },
      after: { revokedAt: dto.revokedAt },
      metadata: { name: dto.name, prefix: dto.prefix, userId: dto.user.id },
    });
    return dto;
  });
}
