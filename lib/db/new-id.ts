import { randomBytes } from "node:crypto";

/**
 * An id for rows written with raw SQL, shaped like Prisma's cuid() (25 characters, "c" then base-36), so ids
 * look alike whichever path wrote a row. Random, not time-ordered: nothing sorts by id.
 */
export function newId(): string {
  const bytes = randomBytes(16);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return `c${n.toString(36).padStart(24, "0").slice(-24)}`;
}
