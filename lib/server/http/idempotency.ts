import "server-only";
import { createHash } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { jsonResponse } from "./define-route";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * `Idempotency-Key` for ingestion (draft-ietf-httpapi-idempotency-key-header): a retried request is
 * executed once.
 * - The key is 1–200 printable ASCII characters, scoped to the user (as Stripe scopes keys to the account,
 *   not the API key) and the route: a pipeline that rotates its token and resends an acknowledged batch
 *   gets the stored answer instead of storing it twice; two users can never collide on a key.
 * - Same key + same request (method, path, query and body bytes, compared by their sha256 — a retry
 *   resends the same bytes; hashing them costs a fraction of a millisecond where canonicalising a
 *   1,000-point batch cost several) → the stored answer is replayed, status and JSON, with
 *   `Idempotent-Replayed: true`, and nothing is written.
 * - Same key + another request → 422, as the draft recommends: the client reused a key by mistake.
 * - The key row, with the answer, is the last insert of the transaction that stores the data: a crash
 *   leaves both or neither. When the key is already there (a retry, or a concurrent twin that committed
 *   first — the insert waits on the primary key until the twin's transaction ends), the transaction is
 *   rolled back and the stored answer replayed. There is no lookup before the work: first attempts, by
 *   far the common case, pay no extra query; a retry pays for work that is then rolled back.
 * - Only successful answers are kept: a refused batch stores nothing, the key included, so the client may
 *   fix the batch and retry with the same key.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY_RE = /^[\x20-\x7e]{1,200}$/;

export type TIdempotency = { scope: string; key: string; requestHash: string };

export type TIdempotentResult<T> = { status: number; body: T; replayed: boolean };

/** Reads and validates the header; null when the request has none. `rawBody` is the body as received. */
export function readIdempotency(
  req: Request,
  actor: TActor,
  route: string,
  rawBody: string | undefined,
): TIdempotency | null {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!KEY_RE.test(key)) {
    throw new AppError("VALIDATION_FAILED", "The Idempotency-Key header is invalid.", {
      errors: [{ path: "headers.idempotency-key", message: "Use 1–200 printable ASCII characters, e.g. a UUID." }],
    });
  }
  const url = new URL(req.url);
  const query = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const requestHash = createHash("sha256")
    .update(JSON.stringify([req.method, url.pathname, query]))
    .update("\n")
    .update(rawBody ?? "")
    .digest("hex");
  return { scope: `user:${actor.userId} ${route}`, key, requestHash };
}

class KeyAlreadyUsed extends Error {}

/**
 * Runs `write` in one transaction together with the idempotency key, or replays the stored answer.
 * `prepare` runs before the transaction, for work that needs no lock — parsing, statistics — so the
 * transaction stays short.
 */
export async function runIdempotent<C, T>(o: {
  db: Db;
  idempotency: TIdempotency | null;
  status: number;
  prepare: () => Promise<C> | C;
  write: (tx: Tx, prepared: C) => Promise<T>;
  transactionOptions?: { timeoutMs?: number; maxWaitMs?: number };
}): Promise<TIdempotentResult<T>> {
  const idem = o.idempotency;
  const prepared = await o.prepare();
  try {
    const body = await runTransaction(
      async (tx) => {
        const out = await o.write(tx, prepared);
        if (idem) {
          // As JSON text: replays must return the numbers exactly as first answered (see lib/db/json-text.ts).
          const claimed = await tx.$executeRaw`
          INSERT INTO idempotency_keys (scope, key, "requestHash", status, response)
          VALUES (${idem.scope}, ${idem.key}, ${idem.requestHash}, ${o.status}, ${JSON.stringify(out)}::jsonb)
          ON CONFLICT (scope, key) DO NOTHING`;
          if (claimed === 0) throw new KeyAlreadyUsed();
        }
        return out;
      },
      { ...o.transactionOptions, db: o.db },
    );
    return { status: o.status, body, replayed: false };
  } catch (err) {
    if (!(err instanceof KeyAlreadyUsed) || !idem) throw err;
    const stored = await findStored<T>(o.db, idem);
    if (!stored)
      throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry shortly.");
    return stored;
  }
}

async function findStored<T>(db: Db, idem: TIdempotency): Promise<TIdempotentResult<T> | null> {
  const row = await db.idempotencyKey.findUnique({
    where: { scope_key: { scope: idem.scope, key: idem.key } },
    select: { requestHash: true, status: true, response: true },
  });
  if (!row) return null;
  if (row.requestHash !== idem.requestHash) {
    throw new AppError(
      "VALIDATION_FAILED",
      "This Idempotency-Key was already used for a different request; use a new key for a new batch.",
      {
        errors: [{ path: "headers.idempotency-key", message: "Already used with another body, path or query." }],
      },
    );
  }
  return { status: row.status, body: row.response as T, replayed: true };
}

/** The HTTP answer for a (possibly replayed) result. */
export function idempotentResponse(result: TIdempotentResult<unknown>, requestId: string): Response {
  const res = jsonResponse(result.body, result.status, requestId);
  if (result.replayed) res.headers.set("idempotent-replayed", "true");
  return res;
}
