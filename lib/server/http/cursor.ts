import "server-only";
import { AppError } from "@/lib/errors";

/** Opaque keyset cursors: base64url JSON of the last row's sort key and id. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (isValid(v)) return v;
  } catch {
    // fall through: a cursor we did not issue
  }
  throw new AppError("VALIDATION_FAILED", "The cursor is not valid; use the nextCursor of a previous page.", { errors: [{ path: "query.cursor", message: "Invalid cursor." }] });
}
