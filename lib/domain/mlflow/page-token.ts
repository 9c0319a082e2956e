import { MlflowInputError } from "./input-error";

/**
 * MLflow's page tokens: base64 of Python's `json.dumps({"offset": N})` — note the space after the
 * colon — so a token from either server reads the same (`eyJvZmZzZXQiOiAxfQ==` is offset 1).
 */
export function encodePageToken(offset: number): string {
  return btoa(`{"offset": ${offset}}`);
}

/** The offset in a page token; absent or empty means the first page. Anything else throws as MLflow does. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  let text: string;
  try {
    text = atob(token);
  } catch {
    throw new MlflowInputError("Invalid page token, could not base64-decode");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MlflowInputError(`Invalid page token, decoded value=${text}`);
  }
  if (typeof parsed !== "object" || parsed === null || !("offset" in parsed)) {
    throw new MlflowInputError(`Invalid page token, parsed value=${text}`);
  }
  const offset = (parsed as { offset: unknown }).offset;
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) {
    throw new MlflowInputError(`Invalid page token, offset must be a non-negative integer, got ${JSON.stringify(offset)}`);
  }
  return offset;
}

/**
 * The rows of one page and the token for the next: callers fetch `maxResults + 1` rows from `offset`;
 * an extra row means there is a next page (MLflow's SQL store does the same).
 */
export function pageOf<T>(rows: T[], offset: number, maxResults: number): { items: T[]; nextPageToken: string | undefined } {
  if (rows.length > maxResults) return { items: rows.slice(0, maxResults), nextPageToken: encodePageToken(offset + maxResults) };
  return { items: rows, nextPageToken: undefined };
}

/**
 * max_results within [1, max], with MLflow's wording when it is not: the registry store's ("request parameter
 * max_results … but got value N") or, with `tracking`, the tracking store's ("max_results … but got N").
 */
export function checkMaxResults(value: number | undefined, fallback: number, max: number, o: { tracking?: boolean } = {}): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1) throw new MlflowInputError(`Invalid value for max_results. It must be a positive integer, but got ${n}`);
  if (n > max && o.tracking) throw new MlflowInputError(`Invalid value for max_results. It must be at most ${max}, but got ${n}`);
  if (n > max) throw new MlflowInputError(`Invalid value for request parameter max_results. It must be at most ${max}, but got value ${n}`);
  return n;
}
