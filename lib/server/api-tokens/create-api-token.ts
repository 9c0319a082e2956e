import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TCreateApiTokenRequest, TCreateApiTokenResponse } from "@/lib/schemas/api-tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import { generateApiToken } from "../auth/api-tokens";
import { requirePermission } from "../auth/get-actor";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";
import { runTransaction } from "@/lib/db/run-transaction";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues a bearer token acting as `input.userId` (default: the actor), audited in the same transaction.
 * The plain token is returned once and only its sha256 is stored. Throws VALIDATION_FAILED (`userId`)
 * when the user is unknown or deactivated, FORBIDDEN (`scopes`) when a token tries to mint wider scopes
 * than its own.
 */
export async function createApiToken({ actor, input }: { actor: TActor; input: TCreateApiTokenRequest }): Promise<TCreateApiTokenResponse> {
  requirePermission(actor, "tokens:manage");
  // A token holding only `admin` must not be able to mint itself `write`: tokens never widen their own scopes.
  if (actor.kind === "token") {
    const wider = input.scopes.filter((s) => !(actor.tokenScopes ?? []).includes(s));
    if (wider.length) {
      throw new AppError("FORBIDDEN", "An API token cannot create a token with scopes it does not hold itself.", {
        errors: [{ path: "scopes", message: `Not held by the calling token: ${wider.join(", ")}.` }],
      });
    }
  }
  const userId = input.userId ?? actor.userId;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  const secret = generateApiToken();
  return runTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true } });
    if (!user || !user.active) {
      throw new AppError("VALIDATION_FAILED", "A token must act as an active user.", {
        errors: [{ path: "userId", message: user ? "This user is deactivated." : "No user with this id." }],
      });
    }
    const row = await tx.apiToken.create({
      data: { name: input.name, prefix: secret.prefix, tokenHash: secret.hash, scopes: input.scopes, userId, createdById: actor.userId, expiresAt },
      select: API_TOKEN_DTO_SELECT,
    });
    const dto = toApiTokenDto(row);
    // The record names the token by id and prefix only: neither the token nor its hash enter the audit log.
    await appendAuditEvent(tx, {
      actor,
      action: "token.created",
      entityType: "api_token",
      entityId: dto.id,
      after: { name: dto.name, prefix: dto.prefix, scopes: dto.scopes, userId, expiresAt: dto.expiresAt },
    });
    return { ...dto, token: secret.token };
  });
}
