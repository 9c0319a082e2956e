/**
 * Webhook signatures, Stripe style: `Modelgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the
 * HMAC key is the webhook secret (the whole `whsec_…` string, UTF-8) and the signed message is
 * `${t}.${body}` — the timestamp is signed with the body, so a receiver can refuse a captured request
 * replayed later than its tolerance. Several `v1=` entries may appear (a receiver accepts any that
 * matches); unknown schemes (`v0=`, `v2=`) are ignored so the format can grow.
 *
 * Uses the Web Crypto API (a global in Node ≥ 19 and in browsers): no import, no I/O, and its `verify`
 * compares in constant time.
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

export type TSignatureHeader = { timestamp: number; signatures: string[] };
export type TVerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function message(timestamp: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return encoder.encode(signedPayload(timestamp, body));
  const prefix = encoder.encode(`${timestamp}.`);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** What is signed: the timestamp, a dot, and the raw body. */
export function signedPayload(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

/** `t=<timestamp>,v1=<sig>[,v1=<sig>…]` from hex signatures computed elsewhere (the server signs with node:crypto). */
export function formatSignatureHeader(timestamp: number, signatures: readonly string[]): string {
  return [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(",");
}

/** Hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`. */
export async function computeSignature(secret: string, timestamp: number, body: string | Uint8Array): Promise<string> {
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), message(timestamp, body));
  return toHex(sig);
}

/** The header value for a request sent at `timestamp` (unix seconds). */
export async function buildSignatureHeader(
  secret: string,
  timestamp: number,
  body: string | Uint8Array,
): Promise<string> {
  return formatSignatureHeader(timestamp, [await computeSignature(secret, timestamp, body)]);
}

/** Parses `t=…,v1=…[,v1=…]`; null when there is no timestamp or no well-formed v1 signature. */
export function parseSignatureHeader(header: string): TSignatureHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Checks a received request the way a receiver should: the header parses, its timestamp is within
 * `toleranceSeconds` of `now` (either side: clocks drift), and one v1 signature is the HMAC of
 * `${t}.${body}` under `secret`. `body` must be the raw bytes received, before any JSON parsing.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  now: Date = new Date(),
): Promise<TVerifyResult> {
  if (!header) return { ok: false, reason: "missing" };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > toleranceSeconds)
    return { ok: false, reason: "stale" };
  const key = await hmacKey(secret, "verify");
  const data = message(parsed.timestamp, body);
  for (const sig of parsed.signatures) {
    if (await crypto.subtle.verify("HMAC", key, fromHex(sig), data)) return { ok: true, timestamp: parsed.timestamp };
  }
  return { ok: false, reason: "mismatch" };
}
