/**
 * The one error type. Use cases throw AppError; the route wrapper maps `code` to an HTTP status and
 * renders RFC 9457 problem+json; pages render `detail`. Anything else that escapes is a 500 with a
 * generic detail (the real error goes to the server log only).
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  GATE_CLOSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { path: string; message: string };

const TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: "Bad request",
  UNAUTHENTICATED: "Authentication required",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  VALIDATION_FAILED: "Validation failed",
  GATE_CLOSED: "Gate closed",
  RATE_LIMITED: "Too many requests",
  INTERNAL: "Internal server error",
  SERVICE_UNAVAILABLE: "Service unavailable",
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail);
    this.code = code;
    this.errors = opts.errors ?? [];
    this.extra = opts.extra ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get title(): string {
    return TITLES[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  requestId?: string;
  [k: string]: unknown;
};

export function toProblem(err: unknown, requestId?: string): ProblemDetails {
  if (isAppError(err)) {
    return {
      type: `https://modelgate.dev/problems/${err.code.toLowerCase().replace(/_/g, "-")}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      errors: err.errors,
      ...err.extra,
      ...(requestId ? { requestId } : {}),
    };
  }
  return {
    type: "https://modelgate.dev/problems/internal",
    title: TITLES.INTERNAL,
    status: 500,
    detail: "Something went wrong on our side. The request id identifies it in the server log.",
    errors: [],
    ...(requestId ? { requestId } : {}),
  };
}
