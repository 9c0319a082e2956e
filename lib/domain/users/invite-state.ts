/** Where a set-your-password link stands; only `open` links can be used. */
export type TInviteState = "open" | "used" | "replaced" | "expired" | "unknown";

/** Used wins over replaced and expired: a person who already chose a password should be told to sign in. */
export function inviteStateOf(
  invite: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): TInviteState {
  if (!invite) return "unknown";
  if (invite.usedAt) return "used";
  if (invite.revokedAt) return "replaced";
  if (invite.expiresAt <= now) return "expired";
  return "open";
}

/** What the invitation page and the API say for each state: what happened and what to do next. */
export const INVITE_STATE_MESSAGES: Record<Exclude<TInviteState, "open">, string> = {
  used: "This invitation link was already used to set a password. Sign in with your email and that password.",
  replaced:
    "This invitation link was replaced by a newer one. Use the latest link your administrator sent, or ask for a new one.",
  expired: "This invitation link has expired. Ask your administrator for a new one.",
  unknown:
    "This invitation link is not valid. Check that you copied all of it, or ask your administrator for a new one.",
};
