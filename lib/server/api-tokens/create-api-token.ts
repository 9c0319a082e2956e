import "server-only";
import { defaultTokenDays, scopesAllowedForRoles } from "@/lib/domain/api-tokens/allowed-scopes";
import { getEnv } from "@/lib/env";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TCreateApiTokenRequest, TCreateApiTokenResponse } from "@/lib/schemas/api-tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import { generateApiToken } from "../auth/api-tokens";
import { requireTokenAccess } from "./token-access";
import { API_TOKEN_DTO_SELECT, toApiTokenDto } from "./to-api-token-dto";
import { runTransaction } from "@/lib/db/run-transaction";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues a bearer token acting as `input.userId` (default: the actor; someone else only with
 * `tokens:manage`), audited in the same transaction. The plain token is returned once and only its sha256
 * is stored. It expires after `expiresInDays` (default 90, at most MODELGATE_TOKEN_MAX_DAYS). Throws
 * VALIDATION_FAILED (`userId`, `expiresInDays`) and FORBIDDEN (`userId` for someone else, `scopes` above
 * the user's roles or wider than the calling token's own).
 */
export async function createApiToken({
  actor,
  input,
}: {
  actor: TActor;
  input: TCreateApiTokenRequest;
}): Promise<TCreateApiTokenResponse> {
  const { everyone } = requireTokenAccess(actor);
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
  if (userId !== actor.userId && !everyone) {
    throw new AppError("FORBIDDEN", "You may create tokens for yourself only.", {
      errors: [{ path: "userId", message: "Only administrators create tokens acting as someone else." }],
      extra: { permission: "tokens:manage" },
    });
  }
  const maxDays = getEnv().MODELGATE_TOKEN_MAX_DAYS;
  const days = input.expiresInDays ?? defaultTokenDays(maxDays);
  if (days > maxDays) {
    throw new AppError("VALIDATION_FAILED", `Tokens live at most ${maxDays} days here.`, {
      errors: [{ path: "expiresInDays", message: `At most ${maxDays} days (MODELGATE_TOKEN_MAX_DAYS).` }],
    });
  }
  const expiresAt = new Date(Date.now() + days * DAY_MS);
  const secret = generateApiToken();
  return runTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true, roles: true } });
    if (!user || !user.active) {
      throw new AppError("VALIDATION_FAILED", "A token must act as an active user.", {
        errors: [{ path: "userId", message: user ? "This user is deactivated." : "No user with this id." }],
      });
    }
    // Scopes never above the roles of the user the token acts as (checked under the same read as `active`).
    const allowed = scopesAllowedForRoles(user.roles);
    const above = input.scopes.filter((s) => !allowed.includes(s));
    if (above.length) {
      throw new AppError("FORBIDDEN", "A token cannot hold scopes above the roles of the user it acts as.", {
        errors: [
          {
            path: "scopes",
            message: `Above ${userId === actor.userId ? "your" : "this user's"} roles: ${above.join(", ")}.`,
          },
        ],
      });
    }
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix: secret.prefix,
        tokenHash: secret.hash,
        scopes: input.scopes,
        userId,
        createdById: actor.userId,
        expiresAt,
      },
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
