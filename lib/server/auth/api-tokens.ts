import "server-only";
import { createHash, randomBytes } from "node:crypto";

const TOKEN_PREFIX = "mg_";

/** A new bearer token: 32 random bytes. Only its sha256 is stored; high entropy makes a slow hash unnecessary. */
export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 6), hash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length > 20;
}
