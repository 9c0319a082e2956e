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
    throw new MlflowInputError(
      `Invalid page token, offset must be a non-negative integer, got ${JSON.stringify(offset)}`,
    );
  }
  return offset;
}

/**
 * The rows of one page and the token for the next: callers fetch `maxResults + 1` rows from `offset`;
 * an extra row means there is a next page (MLflow's SQL store does the same).
 */
export function pageOf<T>(
  rows: T[],
  offset: number,
  maxResults: number,
): { items: T[]; nextPageToken: string | undefined } {
  if (rows.length > maxResults)
    return { items: rows.slice(0, maxResults), nextPageToken: encodePageToken(offset + maxResults) };
  return { items: rows, nextPageToken: undefined };
}

/**
 * max_results within [1, max], with MLflow's wording when it is not: the registry store's ("request parameter
 * max_results … but got value N") or, with `tracking`, the tracking store's ("max_results … but got N").
 */
export function checkMaxResults(
  value: number | undefined,
  fallback: number,
  max: number,
  o: { tracking?: boolean } = {},
): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new MlflowInputError(`Invalid value for max_results. It must be a positive integer, but got ${n}`);
  if (n > max && o.tracking)
    throw new MlflowInputError(`Invalid value for max_results. It must be at most ${max}, but got ${n}`);
  if (n > max)
    throw new MlflowInputError(
      `Invalid value for request parameter max_results. It must be at most ${max}, but got value ${n}`,
    );
  return n;
}

// ───────── keyset tokens (every search: registered models, model versions, experiments, runs; issue 18) ─────────

/** The version of the keyset token layout; a token of another version is refused, never guessed at. */
export const KEYSET_TOKEN_VERSION = 1;

/** A sort key value; null for a run without the metric, param or tag it is ordered by (sorted last). */
export type TKeysetValue = string | number | null;
/** The largest instant a JavaScript Date holds: integer keys beyond it (no real timestamp or version number) are refused. */
const MAX_EPOCH_MS = 8_640_000_000_000_000;
/**
 * What a sort key holds: text (names), an integer (version numbers, ids, epoch milliseconds) or a float (a run's
 * metric; NaN and ±Infinity travel as the strings "NaN", "Infinity", "-Infinity", which JSON cannot hold as numbers);
 * a trailing "?" admits null.
 */
export type TKeysetKind = "text" | "integer" | "number" | "text?" | "integer?" | "number?";

const NON_FINITE = new Set(["NaN", "Infinity", "-Infinity"]);

/** A float as a keyset token holds it: finite numbers as numbers, the others by name. */
export const keysetFloat = (n: number): TKeysetValue => (Number.isFinite(n) ? n : String(n));

function fitsKind(value: unknown, kind: TKeysetKind): boolean {
  if (value === null) return kind.endsWith("?");
  const base = kind.replace("?", "");
  if (base === "text") return typeof value === "string";
  if (base === "number")
    return (
      (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && NON_FINITE.has(value))
    );
  return typeof value === "number" && Number.isSafeInteger(value) && Math.abs(value) <= MAX_EPOCH_MS;
}

const toBase64Url = (text: string) => {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const fromBase64Url = (token: string): string => {
  // base64url as issued, or standard base64 (an MLflow offset token), so that one is recognised and explained.
  if (!/^[A-Za-z0-9_+/-]+={0,2}$/.test(token)) throw new Error("not base64");
  const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/**
 * A keyset page token: the sort key of the last row of the page, and the ordering it belongs to (`order`, e.g.
 * "last_updated_timestamp DESC,name ASC,version_number DESC"). Opaque to clients — base64url of versioned JSON —
 * and never an offset, so a page costs one index range and rows inserted meanwhile neither repeat nor hide others.
 */
export function encodeKeysetToken(order: string, after: readonly TKeysetValue[]): string {
  return toBase64Url(JSON.stringify({ v: KEYSET_TOKEN_VERSION, order, after }));
}

/**
 * The sort key in a keyset token issued for `order`; absent or empty means the first page. An MLflow offset token,
 * a token of another layout version or of another ordering, or a key of the wrong shape throws (INVALID_PARAMETER_VALUE).
 */
export function decodeKeysetToken(
  token: string | undefined,
  order: string,
  kinds: readonly TKeysetKind[],
): TKeysetValue[] | undefined {
  if (token === undefined || token === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(token));
  } catch {
    throw new MlflowInputError(
      "Invalid page token, could not decode it. Use the next_page_token of the previous page as it was given.",
    );
  }
  if (typeof parsed === "object" && parsed !== null && "offset" in parsed) {
    throw new MlflowInputError(
      "Invalid page token: offset page tokens are not accepted; this server's search pages are keyset-based (the token holds the last row's sort key). Repeat the search without page_token and follow the next_page_token it returns.",
    );
  }
  const t = parsed as { v?: unknown; order?: unknown; after?: unknown };
  if (typeof parsed !== "object" || parsed === null || t.v !== KEYSET_TOKEN_VERSION) {
    throw new MlflowInputError(
      `Invalid page token: unknown token version ${JSON.stringify(t?.v ?? null)}. Repeat the search without page_token.`,
    );
  }
  if (t.order !== order) {
    throw new MlflowInputError(
      `Invalid page token: it was issued for order_by "${String(t.order)}", not "${order}". Use the same filter and order_by on every page.`,
    );
  }
  const after = t.after;
  const valid =
    Array.isArray(after) && after.length === kinds.length && after.every((value, i) => fitsKind(value, kinds[i]!));
  if (!valid)
    throw new MlflowInputError(
      "Invalid page token: its sort key does not match the ordering. Repeat the search without page_token.",
    );
  return after as TKeysetValue[];
}

/** A keyset page: callers fetch `maxResults + 1` rows after the key; an extra row means a next page, keyed by the last row kept. */
export function keysetPageOf<T>(
  rows: T[],
  maxResults: number,
  tokenAfter: (last: T) => string,
): { items: T[]; nextPageToken: string | undefined } {
  if (rows.length <= maxResults) return { items: rows, nextPageToken: undefined };
  const items = rows.slice(0, maxResults);
  return { items, nextPageToken: tokenAfter(items[items.length - 1]!) };
}
