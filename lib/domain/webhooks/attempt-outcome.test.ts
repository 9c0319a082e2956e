import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "./backoff";
import { decideAttemptOutcome, describeAttemptError, parseRetryAfter, type TAttemptResult } from "./attempt-outcome";

const half = () => 0;
const res = (
  statusCode: number,
  extra: Partial<Extract<TAttemptResult, { kind: "response" }>> = {},
): TAttemptResult => ({ kind: "response", statusCode, ...extra });

describe("decideAttemptOutcome", () => {
  it.each([200, 201, 202, 204, 299])("treats %i as delivered", (code) => {
    expect(decideAttemptOutcome(res(code), 1, half)).toEqual({ status: "SUCCEEDED", error: null });
  });

  it.each([
    [res(500), "HTTP 500"],
    [res(502, { bodySnippet: "  Bad\n gateway  " }), "HTTP 502: Bad gateway"],
    [res(400), "HTTP 400"],
    [res(401), "HTTP 401"],
    [res(404), "HTTP 404"],
    [res(408), "HTTP 408"],
    [res(301), "HTTP 301 (redirects are not followed)"],
    [{ kind: "timeout", timeoutMs: 10_000 } as TAttemptResult, "No answer within 10 s"],
    [
      { kind: "network", message: "connect ECONNREFUSED 127.0.0.1:9" } as TAttemptResult,
      "Network error: connect ECONNREFUSED 127.0.0.1:9",
    ],
  ])("retries %j with the backoff delay", (result, error) => {
    expect(decideAttemptOutcome(result, 1, half)).toEqual({ status: "PENDING", retryInMs: 5_000, error });
    expect(decideAttemptOutcome(result, 3, half)).toEqual({ status: "PENDING", retryInMs: 80_000, error });
  });

  it("fails for good after the last attempt of the cycle, saying why", () => {
    expect(decideAttemptOutcome(res(503), MAX_ATTEMPTS - 1, half).status).toBe("PENDING");
    expect(decideAttemptOutcome(res(503), MAX_ATTEMPTS, half)).toEqual({
      status: "FAILED",
      error: `HTTP 503 — gave up after ${MAX_ATTEMPTS} attempts`,
      disableWebhook: false,
    });
    expect(decideAttemptOutcome({ kind: "timeout", timeoutMs: 500 }, MAX_ATTEMPTS, half)).toMatchObject({
      status: "FAILED",
      disableWebhook: false,
    });
  });

  it("fails at once and deactivates the webhook on 410 Gone", () => {
    expect(decideAttemptOutcome(res(410), 1, half)).toEqual({
      status: "FAILED",
      error: "HTTP 410 — the receiver says this endpoint is gone; the webhook was deactivated",
      disableWebhook: true,
    });
  });

  it("honours Retry-After on 429 and 503 when it asks for longer than the backoff, capped at one hour", () => {
    expect(decideAttemptOutcome(res(429, { retryAfterSeconds: 120 }), 1, half)).toMatchObject({
      status: "PENDING",
      retryInMs: 120_000,
    });
    expect(decideAttemptOutcome(res(503, { retryAfterSeconds: 2 }), 1, half)).toMatchObject({
      status: "PENDING",
      retryInMs: 5_000,
    });
    expect(decideAttemptOutcome(res(429, { retryAfterSeconds: 86_400 }), 1, half)).toMatchObject({
      status: "PENDING",
      retryInMs: 3_600_000,
    });
    expect(decideAttemptOutcome(res(500, { retryAfterSeconds: 120 }), 1, half)).toMatchObject({
      status: "PENDING",
      retryInMs: 5_000,
    });
  });
});

describe("describeAttemptError", () => {
  it("is null for a success and bounded in length otherwise", () => {
    expect(describeAttemptError(res(200))).toBeNull();
    expect(describeAttemptError(res(500, { bodySnippet: "x".repeat(5000) }))!.length).toBeLessThanOrEqual(210);
    expect(describeAttemptError({ kind: "network", message: "y".repeat(5000) })!.length).toBeLessThanOrEqual(300);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  it.each([
    ["120", 120],
    [" 0 ", 0],
    ["Mon, 23 Nov 2026 10:01:30 GMT", 90],
    ["Mon, 23 Nov 2026 09:00:00 GMT", 0],
    ["soon", null],
    ["", null],
    [null, null],
  ])("reads %j as %s seconds", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
