import type { FieldError } from "@/lib/errors";

/** A problem+json answer from our API, as an Error the UI can show field by field. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: FieldError[],
    /** Extra members of the problem (e.g. `sudoRequired`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  /** The server asks for the password again before this change (sudo mode, docs/SECURITY.md). */
  get sudoRequired(): boolean {
    return this.extra.sudoRequired === true;
  }

  /** The message for one field (path as the API names it), if any. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

export async function apiFetch<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw toApiError(res.status, res.statusText, body, "The request failed.");
  return body as T;
}

/** A failed answer (problem+json, or no JSON at all) as an ApiError; `fallback` when it carries no detail. */
export function toApiError(
  status: number,
  statusText: string,
  body: Record<string, unknown> | null,
  fallback: string,
): ApiError {
  return new ApiError(
    status,
    String(body?.title ?? statusText),
    String(body?.detail ?? fallback),
    (body?.errors as FieldError[]) ?? [],
    body ?? {},
  );
}
