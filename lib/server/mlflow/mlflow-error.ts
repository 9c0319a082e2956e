import "server-only";
import { isMlflowInputError } from "@/lib/domain/mlflow/input-error";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";

/** MLflow's error codes and their HTTP statuses (MLFLOW_COMPAT.md; note the 400s where 409/404 would be usual). */
export const MLFLOW_ERROR_STATUS = {
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  INVALID_STATE: 500,
  INTERNAL_ERROR: 500,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  ALREADY_EXISTS: 409,
  RESOURCE_CONFLICT: 409,
  ABORTED: 409,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  REQUEST_LIMIT_EXCEEDED: 429,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
} as const;
export type TMlflowErrorCode = keyof typeof MLFLOW_ERROR_STATUS;

/** How Modelgate's own errors read to an MLflow client when a use case does not say more precisely. */
const FROM_APP_ERROR: Record<ErrorCode, TMlflowErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "PERMISSION_DENIED",
  NOT_FOUND: "RESOURCE_DOES_NOT_EXIST",
  METHOD_NOT_ALLOWED: "BAD_REQUEST",
  CONFLICT: "RESOURCE_CONFLICT",
  PAYLOAD_TOO_LARGE: "INVALID_PARAMETER_VALUE",
  UNSUPPORTED_MEDIA_TYPE: "INVALID_PARAMETER_VALUE",
  VALIDATION_FAILED: "INVALID_PARAMETER_VALUE",
  GATE_CLOSED: "PERMISSION_DENIED",
  RATE_LIMITED: "REQUEST_LIMIT_EXCEEDED",
  INTERNAL: "INTERNAL_ERROR",
  SERVICE_UNAVAILABLE: "TEMPORARILY_UNAVAILABLE",
};

/** The Modelgate error code whose status matches an MLflow code, so logs and metrics stay meaningful. */
const APP_CODE_OF: Partial<Record<TMlflowErrorCode, ErrorCode>> = {
  RESOURCE_DOES_NOT_EXIST: "NOT_FOUND",
  RESOURCE_ALREADY_EXISTS: "CONFLICT",
  INVALID_PARAMETER_VALUE: "VALIDATION_FAILED",
  PERMISSION_DENIED: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  RESOURCE_CONFLICT: "CONFLICT",
  ENDPOINT_NOT_FOUND: "NOT_FOUND",
};

/** An AppError that reads to MLflow clients as `code` (e.g. RESOURCE_ALREADY_EXISTS for a taken name). */
export function mlflowError(code: TMlflowErrorCode, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(APP_CODE_OF[code] ?? "BAD_REQUEST", message, { extra: { ...extra, mlflowErrorCode: code } });
}

export type TMlflowErrorBody = { error_code: TMlflowErrorCode; message: string };

/** Any thrown value → MLflow's `{error_code, message}` and its status. Unknown errors say nothing of their cause. */
export function toMlflowError(err: unknown): { status: number; body: TMlflowErrorBody } {
  if (isMlflowInputError(err))
    return { status: 400, body: { error_code: "INVALID_PARAMETER_VALUE", message: err.message } };
  if (isAppError(err)) {
    const explicit = err.extra.mlflowErrorCode as TMlflowErrorCode | undefined;
    const code = explicit ?? FROM_APP_ERROR[err.code];
    const details = err.errors.length ? ` ${err.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}` : "";
    // A body over the limit is 413 as on /api/v1 (MLflow's Flask server answers 413 too), whatever the code says.
    const status = err.code === "PAYLOAD_TOO_LARGE" ? 413 : MLFLOW_ERROR_STATUS[code];
    return { status, body: { error_code: code, message: `${err.message}${details}` } };
  }
  return {
    status: 500,
    body: {
      error_code: "INTERNAL_ERROR",
      message: "Something went wrong on our side. The request id identifies it in the server log.",
    },
  };
}

/** Prisma's unique-constraint violation, raised when two requests race for the same name. */
export function isUniqueViolation(err: unknown): boolean {
  // P2002 from Prisma, 23505 from the driver (runSqlTransaction).
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === "P2002" || code === "23505";
}
