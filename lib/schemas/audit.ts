import { z } from "zod";
import { ZIsoDate } from "./common";

const ZFilter = z.string().trim().max(200);

/**
 * Page cursor: base64url of the last seq seen. Pure (atob/btoa exist in browsers and Node), so the schema,
 * the server and the page all agree on what a well-formed cursor is.
 */
export function encodeAuditCursor(seq: bigint | string): string {
  return btoa(String(seq)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The seq inside a cursor, or null when the cursor is malformed. */
export function decodeAuditCursor(cursor: string): bigint | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  return /^[1-9]\d{0,18}$/.test(text) ? BigInt(text) : null;
}

export const ZListAuditQuery = z
  .object({
    entityType: ZFilter.optional().describe("Only events about this kind of entity (user, model, api_token, …)"),
    entityId: ZFilter.optional().describe("Only events about this entity"),
    modelId: ZFilter.optional().describe("Only events concerning this model"),
    actorId: ZFilter.optional().describe("Only events by this user"),
    action: ZFilter.optional().describe("Only events with this action (user.created, token.revoked, …)"),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("Page size, 1–200"),
    cursor: z
      .string()
      .refine((c) => decodeAuditCursor(c) !== null, "Not a cursor this API returned.")
      .optional()
      .describe("Opaque: the nextCursor of the previous page"),
  })
  .strict();
export type TListAuditQuery = z.infer<typeof ZListAuditQuery>;

export const ZAuditEvent = z
  .object({
    seq: z.string().describe("Insertion id (a 64-bit integer, as a string); ids may commit out of order"),
    position: z
      .string()
      .nullable()
      .describe("Position in the hash chain; null while the event waits for the sequencer (at most a few seconds)"),
    actorId: z.string().nullable().describe("The user behind the change; null for the system"),
    actorType: z.string().describe("user, token or system"),
    actorLabel: z.string().describe("Who acted, as named at the time"),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    modelId: z.string().nullable(),
    before: z.json().describe("State before the change; null for creations"),
    after: z.json().describe("State after the change; null for deletions"),
    metadata: z.json(),
    createdAt: ZIsoDate,
    prevHash: z
      .string()
      .nullable()
      .describe("Hash of the previous event in the chain (64 zeros for the first); null while pending"),
    hash: z.string().nullable().describe("sha256(prevHash + \\n + canonical JSON of this event); null while pending"),
  })
  .strict();
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZListAuditResponse = z
  .object({
    items: z.array(ZAuditEvent).describe("Newest first"),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for older events; null on the last page"),
  })
  .strict();
export type TListAuditResponse = z.infer<typeof ZListAuditResponse>;

export const ZAuditVerifyQuery = z
  .object({
    full: z
      .enum(["true", "false"])
      .optional()
      .describe("true: verify from the first event instead of the newest checkpoint"),
  })
  .strict();

export const ZAuditVerifyResponse = z
  .object({
    ok: z.boolean().describe("true when every chained event verified links to its predecessor and matches its hash"),
    mode: z
      .enum(["incremental", "full"])
      .describe("incremental resumes at the newest signed checkpoint; full (`?full=true`) starts at the first event"),
    verified: z
      .number()
      .int()
      .describe(
        "Chained events covered: up to the checkpoint (proved earlier) plus those checked now; up to the break when not ok",
      ),
    checked: z.number().int().describe("Events recomputed by this verification"),
    pending: z.number().int().describe("Committed events not yet chained by the sequencer"),
    oldestPendingAgeMs: z.number().nullable().describe("How long the oldest pending event has waited"),
    headPosition: z.string().describe("Position of the last intact event"),
    headHash: z.string().describe("Hash of the last intact event"),
    fromCheckpoint: z.string().nullable().describe("Position of the checkpoint this run resumed from"),
    brokenAt: z
      .object({ position: z.string(), seq: z.string().nullable(), reason: z.string() })
      .strict()
      .optional()
      .describe("The first position that fails"),
  })
  .strict();
export type TAuditVerifyResponse = z.infer<typeof ZAuditVerifyResponse>;
