import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { getEnv } from "@/lib/env";

/** How long a set-your-password link works. Long enough for a weekend, short enough that a forgotten link dies. */
export const INVITE_HOURS = 72;

/** The stored form of a link's token: its sha256. The token itself (256 random bits) is shown once. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/** The link an administrator sends: the app's public URL (NEXTAUTH_URL) when set, else the request's origin. */
export function inviteUrlFor(token: string, requestOrigin: string): string {
  return `${(getEnv().NEXTAUTH_URL ?? requestOrigin).replace(/\/+$/, "")}/invite/${token}`;
}

/**
 * Issues a new link for `userId` inside the caller's transaction (which holds the user's row lock) and
 * revokes every link still open for that user: only the newest link works.
 */
export async function issueUserInvite(
  tx: Tx,
  o: { actor: TActor; userId: string; now: Date },
): Promise<{ token: string; expiresAt: Date; revoked: number }> {
  const revoked = await tx.userInvite.updateMany({
    where: { userId: o.userId, usedAt: null, revokedAt: null },
    data: { revokedAt: o.now },
  });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(o.now.getTime() + INVITE_HOURS * 3_600_000);
  await tx.userInvite.create({
    data: {
      userId: o.userId,
      tokenHash: hashInviteToken(token),
      createdById: o.actor.userId,
      createdAt: o.now,
      expiresAt,
    },
    select: { id: true },
  });
  return { token, expiresAt, revoked: revoked.count };
}
