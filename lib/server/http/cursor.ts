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
  rejectCursor();
}

/** 400 for a cursor this API did not issue (or one of another sort order). */
export function rejectCursor(): never {
  throw new AppError("VALIDATION_FAILED", "The cursor is not valid; use the nextCursor of a previous page.", {
    errors: [{ path: "query.cursor", message: "Invalid cursor." }],
  });
}

// Lists page on (timestamp, id) with `t <= cursor.t AND (t < cursor.t OR (t = cursor.t AND id < cursor.id))`: the
// first bound alone is what PostgreSQL turns into an index range on (t, id); with the OR alone it walks the index from
// the top and filters, so page N costs all the pages before it (issue 18).
export type TTimeIdCursor = { t: string; id: string };

/**
 * The (timestamp, id) cursor of most lists. The timestamp must parse: a forged `t` would otherwise reach the query as
 * an Invalid Date and fail there (500) instead of answering 400 here.
 */
export const isTimeIdCursor = (v: unknown): v is TTimeIdCursor =>
  !!v && isIsoInstant((v as TTimeIdCursor).t) && typeof (v as TTimeIdCursor).id === "string";

/** An instant as toISOString writes it. Date.parse alone is lenient (it reads "kp-model-00" as a date). */
export function isIsoInstant(v: unknown): v is string {
  return (
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && Number.isFinite(Date.parse(v))
  );
}
