import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  buildSignatureHeader,
  computeSignature,
  formatSignatureHeader,
  parseSignatureHeader,
  signedPayload,
  verifyWebhookSignature,
} from "./signature";

const SECRET = "whsec_9mUeYl3sZ0m2oJxR1k8nq4cVbTqf7WbV8dPz3gS1hXo";
const OTHER = "whsec_another-secret-entirely-000000000000000000";
const BODY = JSON.stringify({
  id: "evt_1",
  type: "approval.requested",
  occurredAt: "2026-11-23T10:00:00.000Z",
  data: { version: 3, note: "é ✓" },
});
const NOW = new Date("2026-11-23T10:00:30.000Z");
const T = Math.floor(NOW.getTime() / 1000) - 30;

describe("computeSignature", () => {
  it("is the hex HMAC-SHA256 of `${t}.${body}` keyed by the whole secret, as receivers compute it with node:crypto", async () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
    expect(await computeSignature(SECRET, T, BODY)).toBe(expected);
    expect(await computeSignature(SECRET, T, new TextEncoder().encode(BODY))).toBe(expected);
    expect(await buildSignatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
  });

  it("agrees with a header built from node:crypto over signedPayload, as the delivery worker builds it", async () => {
    const sig = createHmac("sha256", SECRET).update(signedPayload(T, BODY)).digest("hex");
    const header = formatSignatureHeader(T, [sig]);
    expect(header).toBe(await buildSignatureHeader(SECRET, T, BODY));
    expect(await verifyWebhookSignature(SECRET, header, BODY, 300, NOW)).toEqual({ ok: true, timestamp: T });
  });
});

describe("parseSignatureHeader", () => {
  it("reads the timestamp and every v1 signature, ignoring unknown schemes and spaces", () => {
    const a = "a".repeat(64);
    const b = "B".repeat(64);
    expect(parseSignatureHeader(`t=${T}, v1=${a},v0=zzz,v2=${a},v1=${b}`)).toEqual({
      timestamp: T,
      signatures: [a, b.toLowerCase()],
    });
  });

  it.each([
    ["", "empty"],
    [`v1=${"a".repeat(64)}`, "no timestamp"],
    [`t=${T}`, "no signature"],
    [`t=abc,v1=${"a".repeat(64)}`, "timestamp not a number"],
    [`t=${T},v1=${"a".repeat(63)}`, "signature too short"],
    [`t=${T},v1=${"g".repeat(64)}`, "signature not hex"],
  ])("refuses %j (%s)", (header) => {
    expect(parseSignatureHeader(header)).toBeNull();
  });
});

describe("verifyWebhookSignature", () => {
  it("accepts the header Modelgate sends, for the exact body, within the tolerance", async () => {
    const header = await buildSignatureHeader(SECRET, T, BODY);
    expect(await verifyWebhookSignature(SECRET, header, BODY, 300, NOW)).toEqual({ ok: true, timestamp: T });
    expect(await verifyWebhookSignature(SECRET, header, Buffer.from(BODY), 300, NOW)).toEqual({
      ok: true,
      timestamp: T,
    });
  });

  it("refuses a tampered body", async () => {
    const header = await buildSignatureHeader(SECRET, T, BODY);
    const tampered = BODY.replace('"version":3', '"version":4');
    expect(tampered).not.toBe(BODY);
    expect(await verifyWebhookSignature(SECRET, header, tampered, 300, NOW)).toEqual({ ok: false, reason: "mismatch" });
    expect(await verifyWebhookSignature(SECRET, header, `${BODY} `, 300, NOW)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a signature made with another secret", async () => {
    const header = await buildSignatureHeader(OTHER, T, BODY);
    expect(await verifyWebhookSignature(SECRET, header, BODY, 300, NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a moved timestamp: the timestamp is part of what is signed", async () => {
    const sig = await computeSignature(SECRET, T, BODY);
    expect(await verifyWebhookSignature(SECRET, `t=${T + 1},v1=${sig}`, BODY, 300, NOW)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a stale or far-future timestamp (replays), at the tolerance boundary to the second", async () => {
    const nowS = Math.floor(NOW.getTime() / 1000);
    for (const [t, ok] of [
      [nowS - 300, true],
      [nowS - 301, false],
      [nowS + 300, true],
      [nowS + 301, false],
      [nowS - 86_400, false],
    ] as const) {
      const header = await buildSignatureHeader(SECRET, t, BODY);
      const r = await verifyWebhookSignature(SECRET, header, BODY, 300, NOW);
      expect(r.ok, `t = now ${t - nowS} s`).toBe(ok);
      if (!ok) expect(r).toEqual({ ok: false, reason: "stale" });
    }
    const old = await buildSignatureHeader(SECRET, nowS - 3600, BODY);
    expect((await verifyWebhookSignature(SECRET, old, BODY, 7200, NOW)).ok).toBe(true);
  });

  it("accepts any matching v1 among several (as during a secret change) and reports a missing or malformed header", async () => {
    const good = await computeSignature(SECRET, T, BODY);
    const bad = await computeSignature(OTHER, T, BODY);
    expect((await verifyWebhookSignature(SECRET, `t=${T},v1=${bad},v1=${good}`, BODY, 300, NOW)).ok).toBe(true);
    expect(await verifyWebhookSignature(SECRET, null, BODY, 300, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(await verifyWebhookSignature(SECRET, "sha256=abc", BODY, 300, NOW)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });
});
