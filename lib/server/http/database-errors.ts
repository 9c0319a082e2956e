import "server-only";
import { AppError, isAppError } from "@/lib/errors";

/** Seconds a client is told to wait when the database is unreachable (a PostgreSQL restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

type TDriverCause = {
  kind?: string;
  code?: string;
  originalCode?: string;
  column?: string;
  constraint?: string;
  message?: string;
};

/** The driver adapter's cause (PostgreSQL SQLSTATE or a connection kind), wherever Prisma put it. */
function driverCause(err: unknown): TDriverCause | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { name?: string; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const cause = e.meta?.driverAdapterError?.cause ?? (e.name === "DriverAdapterError" ? e.cause : undefined);
  return typeof cause === "object" && cause !== null ? (cause as TDriverCause) : null;
}

const UNREACHABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "ConnectionClosed",
  "TooManyConnections",
  "SocketTimeout",
  "TransactionAlreadyClosed",
]);
const UNREACHABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNREACHABLE_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// 08 connection exception, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections,
// 40001/40P01 serialization failure or deadlock left after runTransaction's retries: all temporary.
const TEMPORARY_SQLSTATE = /^(08|57P0[123]|53300|40001|40P01)/;

/** The sentence a client sees for a value PostgreSQL refused (SQLSTATE class 22, data exception). */
function dataExceptionMessage(code: string): string {
  if (code === "22001") return "A value is longer than the database accepts.";
  if (code === "22003") return "A number is out of the range the database accepts.";
  if (code === "22007" || code === "22008") return "A date or time is out of the range the database accepts.";
  if (code === "22021" || code === "22P05") return "A value contains characters the database cannot store.";
  if (code === "22P02") return "A value has the wrong format for its field.";
  return "A value is not acceptable to the database.";
}

/**
 * Maps an error that escaped a use case to the AppError it really is, or returns it unchanged:
 * - the database unreachable or restarting → 503 SERVICE_UNAVAILABLE with `retryAfter` (clients can tell
 *   it is temporary);
 * - a value PostgreSQL refused (data exceptions, constraint violations) → 4xx, naming the column when the
 *   driver names it. The input policy and the schemas should have refused such values first; this keeps a
 *   value they missed from surfacing as a 500.
 * Everything else stays a real fault (500, logged with the request id).
 */
export function classifyError(err: unknown): unknown {
  if (isAppError(err)) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; meta?: Record<string, unknown> };
  const cause = driverCause(err);
  // The pg adapter maps some SQLSTATEs to kinds (ValueOutOfRange…) and keeps the original in originalCode.
  const sqlstate =
    cause?.originalCode ??
    (cause?.kind === "postgres"
      ? cause.code
      : typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)
        ? e.code
        : undefined);
  const unreachable =
    (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) ||
    (typeof e.code === "string" && (UNREACHABLE_PRISMA.has(e.code) || UNREACHABLE_NODE.has(e.code))) ||
    (sqlstate && TEMPORARY_SQLSTATE.test(sqlstate)) ||
    /Connection terminated|Can't reach database server|timeout exceeded when trying to connect/i.test(
      String((err as Error)?.message ?? ""),
    );
  // P2028 "Unable to start a transaction in the given time": every pooled connection stayed busy for maxWait.
  // An overloaded server, not a fault of the request: temporary, so 503 with Retry-After like an outage.
  if (/Unable to start a transaction in the given time/i.test(String((err as Error)?.message ?? ""))) {
    return new AppError("SERVICE_UNAVAILABLE", "The server is busy for a moment. Retry the request shortly.", {
      extra: { retryAfter: 1 },
    });
  }
  if (unreachable) {
    return new AppError("SERVICE_UNAVAILABLE", "The database is unavailable for a moment. Retry the request shortly.", {
      extra: { retryAfter: DATABASE_RETRY_AFTER_SECONDS },
    });
  }
  const field = cause?.column ?? (typeof e.meta?.column_name === "string" ? e.meta.column_name : undefined);
  const errors = field ? [{ path: field, message: "Not acceptable to the database." }] : [];
  if (sqlstate?.startsWith("22")) return new AppError("VALIDATION_FAILED", dataExceptionMessage(sqlstate), { errors });
  if (sqlstate === "23505" || e.code === "P2002")
    return new AppError("CONFLICT", "A record with these values already exists.", { errors });
  if (sqlstate === "23503" || e.code === "P2003")
    return new AppError("VALIDATION_FAILED", "A referenced record does not exist.", { errors });
  if (sqlstate === "23502" || sqlstate === "23514" || e.code === "P2000" || e.code === "P2011")
    return new AppError("VALIDATION_FAILED", "A value is not acceptable to the database.", { errors });
  if (e.code === "P2025") return new AppError("NOT_FOUND", "The record does not exist (any more).");
  return err;
}
