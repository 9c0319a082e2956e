export type TTokenStatus = "ACTIVE" | "EXPIRED" | "REVOKED";

/** What a token's next request would meet: revocation wins over expiry, as both answer 401. */
export function tokenStatus(t: { revokedAt: string | null; expiresAt: string | null }, now: Date): TTokenStatus {
  if (t.revokedAt) return "REVOKED";
  if (t.expiresAt && Date.parse(t.expiresAt) < now.getTime()) return "EXPIRED";
  return "ACTIVE";
}
