import "server-only";
import { getDb } from "@/lib/db/client";
import { inviteStateOf, type TInviteState } from "@/lib/domain/users/invite-state";
import { hashInviteToken } from "./user-invite-token";

export type TInvitePage =
  { state: "open"; email: string; name: string; expiresAt: string } | { state: Exclude<TInviteState, "open"> };

/** What the public invitation page shows for a token: the form (with whom it is for) or why it cannot be used. */
export async function getUserInvite(token: string, now = new Date()): Promise<TInvitePage> {
  // A token is 43 characters of base64url; anything else cannot be one (and is not worth a query).
  if (!/^[\w-]{20,200}$/.test(token)) return { state: "unknown" };
  const db = await getDb();
  const invite = await db.userInvite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { usedAt: true, revokedAt: true, expiresAt: true, user: { select: { email: true, name: true } } },
  });
  const state = inviteStateOf(invite, now);
  if (state !== "open") return { state };
  return { state, email: invite!.user.email, name: invite!.user.name, expiresAt: invite!.expiresAt.toISOString() };
}
