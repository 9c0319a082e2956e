import { describe, expect, it } from "vitest";
import * as mlflow from "@/app/api/2.0/mlflow/[...path]/route";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as createModel } from "@/app/api/v1/models/route";
import { callMlflow, callRoute, createCast, createTestUser } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";

// Small limits for this file only (read once by lib/env.ts, on first use).
process.env.MODELGATE_SIGNIN_MAX_FAILURES_PER_ACCOUNT = "4";
process.env.MODELGATE_SIGNIN_MAX_FAILURES_PER_IP = "6";
process.env.MODELGATE_API_WRITES_PER_MINUTE = "3";

/**
 * Issue 16, finding 5: 15 wrong passwords in 1.6 s through MLflow basic auth, then the right one worked at
 * once. Now: growing delays from the 3rd failure, a lockout per account and per IP (429 + Retry-After,
 * audited once), the same counters for the sign-in form; API writes limited per token.
 */
const db = useTestDatabase();
const PASSWORD = "the-right-password-1";

const basicSearch = (email: string, password: string, ip: string) => callMlflowWithIp(email, password, ip);

async function callMlflowWithIp(email: string, password: string, ip: string) {
  const req = new Request("http://localhost/api/2.0/mlflow/registered-models/search", {
    headers: {
      authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`,
      "x-forwarded-for": `203.0.113.7, ${ip}`,
    },
  });
  const res = await mlflow.GET(req, { params: Promise.resolve({ path: ["registered-models", "search"] }) });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sign-in limits", () => {
  it("delays from the 3rd failure, then locks the account out — the right password included — and audits it once", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], password: PASSWORD });
    const ip = "198.51.100.1";
    for (let i = 0; i < 3; i++) expect((await basicSearch(user.email, "wrong", ip)).status).toBe(401);
    const early = await basicSearch(user.email, PASSWORD, ip);
    expect(early.status).toBe(429);
    expect(early.json.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await sleep(1100);
    expect((await basicSearch(user.email, "wrong", ip)).status).toBe(401);
    // 4 failures: locked for the lockout period, from any address.
    const locked = await basicSearch(user.email, PASSWORD, "198.51.100.99");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await db.prisma.auditEvent.count({ where: { action: "auth.locked_out", entityId: user.id } })).toBe(1);

    // The sign-in form answers 429 problem+json before next-auth runs, with the sentence for the page.
    const form = new URLSearchParams({ email: user.email.toUpperCase(), password: PASSWORD, csrfToken: "x" });
    const req = new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const res = await nextAuthPost(req, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
    const problem = await res.json();
    expect(problem.url).toMatch(/^http:\/\/localhost\/login\?error=Too%20many%20failed%20sign-ins/);
  });

  it("locks out an address after failures on many accounts, and not another address", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], password: PASSWORD });
    const ip = "198.51.100.2";
    for (let i = 0; i < 6; i++) expect((await basicSearch(`nobody-${i}@test.local`, "guess", ip)).status).toBe(401);
    expect((await basicSearch(user.email, PASSWORD, ip)).status).toBe(429);
    expect((await basicSearch(user.email, PASSWORD, "198.51.100.3")).status).toBe(200);
    expect(await db.prisma.auditEvent.count({ where: { action: "auth.locked_out", entityId: ip } })).toBe(1);
  });

  it("clears an account's counters on success", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], password: PASSWORD });
    const ip = "198.51.100.4";
    for (let i = 0; i < 2; i++) expect((await basicSearch(user.email, "wrong", ip)).status).toBe(401);
    expect((await basicSearch(user.email, PASSWORD, ip)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await basicSearch(user.email, "wrong", ip)).status).toBe(401);
  });
});

describe("API write limits", () => {
  it("limits writes per token with 429 + Retry-After; reads and other tokens are not affected", async () => {
    const cast = await createCast(db.prisma);
    const body = () => ({
      slug: `m-${Math.random().toString(36).slice(2, 10)}`,
      title: "M",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: cast.team.id,
    });
    for (let i = 0; i < 3; i++)
      expect((await callRoute(createModel, { method: "POST", token: cast.ds.token, body: body() })).status).toBe(201);
    const refused = await callRoute(createModel, { method: "POST", token: cast.ds.token, body: body() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await callMlflow(mlflow.GET, "GET", "registered-models/search", { token: cast.ds.token })).status).toBe(
      200,
    );
    const mlflowWrite = await callMlflow(mlflow.POST, "POST", "registered-models/create", {
      token: cast.ds.token,
      body: { name: "over-limit" },
    });
    expect(mlflowWrite.status).toBe(429);
    expect(mlflowWrite.json.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
    expect((await callRoute(createModel, { method: "POST", token: cast.ds2.token, body: body() })).status).toBe(201);
  });
});
