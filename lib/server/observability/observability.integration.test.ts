import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { POST as createUserRoute } from "@/app/api/v1/users/route";
import { POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { POST as revokeTokenRoute } from "@/app/api/v1/tokens/[tokenId]/revoke/route";
import { POST as ingestMetricsRoute } from "@/app/api/v1/versions/[versionId]/metrics/route";
import { GET as getTeams } from "@/app/api/v1/teams/route";
import { GET as mlflowGet } from "@/app/api/2.0/mlflow/[...path]/route";
import { resetEnvCache } from "@/lib/env";
import {
  callRoute,
  createCast,
  createTestModel,
  createTestToken,
  createTestUser,
  createTestWebhook,
  enqueueTestDelivery,
  sessionCookie,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { registerJob, startJobs, stopJobs } from "../jobs/scheduler";
import { createLogger, setLogger } from "../log/logger";

const db = useTestDatabase();
const lines: string[] = [];
const METRICS_TOKEN = "metrics-scrape-token-0123456789";

beforeAll(() => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      cb();
    },
  });
  setLogger(createLogger("debug", sink));
  process.env.MODELGATE_METRICS_TOKEN = METRICS_TOKEN;
  resetEnvCache();
});
afterAll(() => {
  setLogger(undefined);
  delete process.env.MODELGATE_METRICS_TOKEN;
  resetEnvCache();
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const scrape = async (token?: string) => {
  const res = await metricsRoute(
    new Request("http://localhost/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {} }),
  );
  return { status: res.status, text: await res.text() };
};

describe("request ids, structured logs and metrics", () => {
  it("answers /api/health without the database", async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("logs one JSON line per request with the route template, and never a password, token or cookie", async () => {
    const cast = await createCast(db.prisma);
    const adminToken = await createTestToken(db.prisma, cast.admin.user.id, ["admin", "read"]);
    const cookie = await sessionCookie(cast.ds.user.id);
    const password = "a-secret-password-never-logged";
    const before = lines.length;

    // Creating a user needs an administrator's signed-in session in sudo mode (issue 16), never a token.
    const adminSudo = await sessionCookie(cast.admin.user.id, { sudo: true });
    const user = await callRoute(createUserRoute, {
      method: "POST",
      path: "/api/v1/users",
      cookie: adminSudo,
      headers: { origin: "http://localhost" },
      body: { email: "new@example.com", name: "New", roles: ["DATA_SCIENTIST"], password },
    });
    expect(user.status).toBe(201);
    const token = await callRoute(createTokenRoute, {
      method: "POST",
      path: "/api/v1/tokens",
      cookie,
      body: { name: "mine", scopes: ["read"] },
    });
    expect(token.status).toBe(201);
    const plain = token.json.token as string;
    const used = await callRoute(getTeams, {
      path: "/api/v1/teams",
      token: plain,
      headers: { "x-request-id": "trace-abc.123" },
    });
    expect(used.headers.get("x-request-id")).toBe("trace-abc.123");
    const revoked = await callRoute(revokeTokenRoute, {
      method: "POST",
      path: `/api/v1/tokens/${token.json.id}/revoke`,
      cookie,
      params: { tokenId: token.json.id },
    });
    expect(revoked.status).toBe(200);
    const bad = await callRoute(getTeams, {
      path: "/api/v1/teams",
      token: "mg_this-is-a-wrong-secret-token-value",
      headers: { "x-request-id": "has spaces, not reused" },
    });
    expect(bad.status).toBe(401);
    // The request id is returned in the header and is the problem's `instance`; an unusable one is replaced.
    const badId = bad.headers.get("x-request-id")!;
    expect(badId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.json.instance).toBe(badId);
    expect(bad.json.requestId).toBe(badId);

    const requests = parsed()
      .slice(before)
      .filter((l) => l.event === "http.request");
    expect(requests.map((l) => [l.method, l.route, l.status, l.actorId])).toEqual([
      ["POST", "/api/v1/users", 201, cast.admin.user.id],
      ["POST", "/api/v1/tokens", 201, cast.ds.user.id],
      ["GET", "/api/v1/teams", 200, cast.ds.user.id],
      ["POST", "/api/v1/tokens/{tokenId}/revoke", 200, cast.ds.user.id],
      ["GET", "/api/v1/teams", 401, null],
    ]);
    for (const l of requests) {
      expect(typeof l.durationMs).toBe("number");
      expect(typeof l.requestId).toBe("string");
      expect(l.level).toBe("info");
      expect(typeof l.time).toBe("string");
    }
    expect(requests[2]!.requestId).toBe("trace-abc.123");
    expect(requests[4]!.requestId).toBe(badId);

    const all = lines.join("\n");
    for (const secret of [
      password,
      plain,
      adminToken,
      cookie.split("=")[1]!,
      "mg_this-is-a-wrong-secret-token-value",
      cast.ds.token,
    ])
      expect(all).not.toContain(secret);
    expect(all).not.toMatch(/scrypt\$/);
  });

  it("logs MLflow requests by RPC, with the actor, and never the basic-auth password", async () => {
    const password = "mlflow-basic-auth-password";
    const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], password });
    const before = lines.length;
    const basic = `Basic ${Buffer.from(`${user.email}:${password}`).toString("base64")}`;
    const ok = await callRoute(mlflowGet as never, {
      path: "/api/2.0/mlflow/registered-models/search",
      headers: { authorization: basic, "x-request-id": "mlflow-1" },
      params: { path: ["registered-models", "search"] } as never,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("mlflow-1");
    const unknown = await callRoute(mlflowGet as never, {
      path: "/api/2.0/mlflow/no/such/rpc-abc123",
      headers: { authorization: basic },
      params: { path: ["no", "such", "rpc-abc123"] } as never,
    });
    expect(unknown.status).toBe(404);
    const requests = parsed()
      .slice(before)
      .filter((l) => l.event === "http.request");
    expect(requests.map((l) => [l.method, l.route, l.status, l.actorId])).toEqual([
      ["GET", "/api/2.0/mlflow/registered-models/search", 200, user.id],
      ["GET", "/api/2.0/mlflow/{unknown}", 404, null],
    ]);
    expect(requests[0]!.requestId).toBe("mlflow-1");
    const all = lines.join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toContain(basic.slice(6));
    expect(all).not.toContain("rpc-abc123");
  });

  it("redacts secrets passed to the logger by mistake", () => {
    const out: string[] = [];
    const log = createLogger("info", new Writable({ write: (c, _e, cb) => (out.push(c.toString()), cb()) }));
    log.info(
      {
        user: { password: "p4ss-word-123", email: "a@b.c" },
        token: "mg_abc",
        headers: { authorization: "Bearer x", cookie: "s=1" },
      },
      "oops",
    );
    expect(out.join("")).not.toMatch(/p4ss-word-123|mg_abc|Bearer x|s=1/);
    expect(out.join("")).toContain("a@b.c");
  });

  it("serves Prometheus metrics behind the bearer token: requests, latency, outbox, ingestion, jobs, pool", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("wrong-token-wrong-token")).status).toBe(401);

    const cast = await createCast(db.prisma);
    const { versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    const now = Date.now();
    const points = [0, 1, 2].map((i) => ({
      name: "auc",
      value: 0.8,
      timestamp: new Date(now - i * 60_000).toISOString(),
    }));
    const ingest = await callRoute(ingestMetricsRoute, {
      method: "POST",
      path: `/api/v1/versions/${versions[0]!.id}/metrics`,
      token: cast.ds.token,
      params: { versionId: versions[0]!.id },
      body: { points },
    });
    expect(ingest.status).toBe(201);

    const hook = await createTestWebhook(db.prisma, { url: "http://127.0.0.1:9/never" });
    await enqueueTestDelivery(db.prisma, hook.id);
    await enqueueTestDelivery(db.prisma, hook.id);
    await db.prisma
      .$executeRaw`UPDATE "webhook_deliveries" SET "createdAt" = now() - interval '90 seconds' WHERE "webhookId" = ${hook.id}`;

    let calls = 0;
    registerJob({
      name: "test-job",
      everyMs: 20,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("first run fails");
      },
    });
    startJobs();
    while (calls < 3) await new Promise((r) => setTimeout(r, 20));
    await stopJobs();

    const { status, text } = await scrape(METRICS_TOKEN);
    expect(status).toBe(200);
    const value = (series: string) => {
      const line = text.split("\n").find((l) => l.startsWith(series + " "));
      return line ? Number(line.slice(series.length + 1)) : undefined;
    };
    const route = `route="/api/v1/versions/{versionId}/metrics"`;
    expect(value(`modelgate_http_requests_total{${route},method="POST",status="201"}`)).toBe(1);
    expect(value(`modelgate_http_request_duration_seconds_count{${route},method="POST"}`)).toBe(1);
    expect(value(`modelgate_http_request_duration_seconds_bucket{le="10",${route},method="POST"}`)).toBe(1);
    expect(value("modelgate_ingested_metric_points_total")).toBe(3);
    expect(value("modelgate_webhook_outbox_depth")).toBe(2);
    expect(value("modelgate_webhook_outbox_oldest_pending_seconds")).toBeGreaterThanOrEqual(89);
    expect(value(`modelgate_job_runs_total{job="test-job",outcome="failed"}`)).toBe(1);
    expect(value(`modelgate_job_runs_total{job="test-job",outcome="ok"}`)).toBeGreaterThanOrEqual(2);
    expect(value(`modelgate_db_pool_connections{state="total"}`)).toBeGreaterThanOrEqual(1);
    expect(text).toContain("process_cpu_seconds_total");
    // No raw ids in labels: every route label is a template.
    expect(text).not.toContain(versions[0]!.id);
    const failed = parsed().find((l) => l.event === "job.run" && l.ok === false);
    expect(failed).toMatchObject({ job: "test-job", level: "error", error: "first run fails" });
  });

  it("is off (404) without MODELGATE_METRICS_TOKEN", async () => {
    delete process.env.MODELGATE_METRICS_TOKEN;
    resetEnvCache();
    expect((await scrape(METRICS_TOKEN)).status).toBe(404);
  });
});
