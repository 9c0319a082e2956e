import "server-only";
import { randomBytes } from "node:crypto";

/** 32 random bytes, base64url, prefixed `whsec_` so a leaked one is recognisable (secret scanners, logs). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
