import { afterEach, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/domain/webhooks/signature";
import { ZProblem } from "@/lib/schemas/common";
import {
  ZListDeliveriesResponse,
  ZListWebhooksResponse,
  ZWebhook,
  ZWebhookDelivery,
  ZWebhookWithSecret,
} from "@/lib/schemas/webhooks";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { deliverDueWebhooks } from "@/lib/server/jobs/deliver-webhooks";
import {
  callRoute,
  createTestToken,
  createTestUser,
  createTestWebhook,
  enqueueTestDelivery,
  sessionCookie,
  uniq,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { startReceiver, type TTestReceiver } from "@/lib/testing/webhook-receiver";
import { POST as REDELIVER } from "../deliveries/[deliveryId]/redeliver/route";
import { GET as DELIVERIES } from "./[webhookId]/deliveries/route";
import { POST as ROTATE } from "./[webhookId]/rotate-secret/route";
import { DELETE, PATCH } from "./[webhookId]/route";
import { POST as TEST } from "./[webhookId]/test/route";
import { GET, POST } from "./route";

// The test receivers listen on 127.0.0.1: allowed explicitly, as an operator would (issue 16).
process.env.MODELGATE_WEBHOOK_ALLOW_PRIVATE = "127.0.0.0/8";
const db = useTestDatabase();
const receivers: TTestReceiver[] = [];

afterEach(async () => {
  // Webhooks of one test never receive another test's deliveries.
  await db.prisma.webhook.updateMany({ data: { active: false } });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(status = 200) {
  const r = await startReceiver(() => ({ status }));
  receivers.push(r);
  return r;
}

async function admin() {
  const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
  return { user, token: await createTestToken(db.prisma, user.id, ["admin", "read"]) };
}

const dump = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
const newHook = (extra: Record<string, unknown> = {}) => ({
  url: `https://hooks.example.com/${uniq("in")}`,
  events: ["approval.requested", "alert.opened"],
  description: "CI pipeline",
  ...extra,
});
const create = (token: string | undefined, body: unknown) => callRoute(POST, { method: "POST", token, body });
const params = (webhookId: string) => ({ webhookId });

describe("/api/v1/webhooks", () => {
  it("creates a webhook whose secret is shown once, stored, and never listed or audited", async () => {
    const { user, token } = await admin();
    const res = await create(token, newHook());
    expect(res.status).toBe(201);
    const created = ZWebhookWithSecret.parse(res.json);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      events: ["approval.requested", "alert.opened"],
      active: true,
      description: "CI pipeline",
      disabledReason: null,
      secretRotatedAt: null,
      deliveryCounts: { pending: 0, succeeded: 0, failed: 0 },
    });

    const stored = await db.prisma.webhook.findUniqueOrThrow({ where: { id: created.id }, omit: { secret: false } });
    expect(stored.secret).toBe(created.secret);
    expect(stored.createdById).toBe(user.id);

    const list = await callRoute(GET, { token });
    expect(list.status).toBe(200);
    const { secret: _s, ...shown } = created;
    expect(ZListWebhooksResponse.parse(list.json).items.find((w) => w.id === created.id)).toEqual(shown);
    expect(JSON.stringify(list.json)).not.toContain(created.secret);

    const events = await db.prisma.auditEvent.findMany({ where: { entityId: created.id } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["webhook.created", user.id]]);
    expect(dump(events)).not.toContain(created.secret);
  });

  it("updates subscription and description, and deactivation fails pending deliveries while reactivation clears the automatic reason", async () => {
    const { token } = await admin();
    const hook = ZWebhookWithSecret.parse((await create(token, newHook())).json);
    const pending = await enqueueTestDelivery(db.prisma, hook.id);
    await db.prisma.webhook.update({
      where: { id: hook.id },
      data: { disabledReason: "The receiver answered 410 Gone." },
    });

    const patch = (body: unknown) => callRoute(PATCH, { method: "PATCH", token, params: params(hook.id), body });
    const changed = await patch({ events: ["*"], description: "everything" });
    expect(changed.status).toBe(200);
    expect(ZWebhook.parse(changed.json)).toMatchObject({
      events: ["*"],
      description: "everything",
      active: true,
      deliveryCounts: { pending: 1, succeeded: 0, failed: 0 },
    });

    const off = ZWebhook.parse((await patch({ active: false })).json);
    expect(off).toMatchObject({ active: false, deliveryCounts: { pending: 0, failed: 1 } });
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: pending.deliveryId } })).toMatchObject({
      status: "FAILED",
      lastError: expect.stringMatching(/^Webhook deactivated by /),
    });

    const on = ZWebhook.parse((await patch({ active: true })).json);
    expect(on).toMatchObject({ active: true, disabledReason: null });
    // Sending the values it already has changes nothing and records nothing.
    const before = await db.prisma.auditEvent.count({ where: { entityId: hook.id } });
    expect((await patch({ description: "everything", active: true })).status).toBe(200);
    expect(await db.prisma.auditEvent.count({ where: { entityId: hook.id } })).toBe(before);

    const events = await db.prisma.auditEvent.findMany({ where: { entityId: hook.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual([
      "webhook.created",
      "webhook.updated",
      "webhook.updated",
      "webhook.updated",
    ]);
    expect(events[1]!.before).toEqual({ events: ["approval.requested", "alert.opened"], description: "CI pipeline" });
    expect(events[1]!.after).toEqual({ events: ["*"], description: "everything" });
    expect(events[2]!.metadata).toEqual({ pendingDeliveriesFailed: 1 });
  });

  it("sends a signed test event to that webhook only, then lists the delivery with its attempts", async () => {
    const { token } = await admin();
    const r = await receiver();
    const other = await receiver();
    const hook = ZWebhookWithSecret.parse(
      (await create(token, newHook({ url: r.url, events: ["alert.opened"] }))).json,
    );
    await create(token, newHook({ url: other.url, events: ["*"] }));

    const sent = await callRoute(TEST, { method: "POST", token, params: params(hook.id) });
    expect(sent.status).toBe(201);
    const queued = ZWebhookDelivery.parse(sent.json);
    expect(queued).toMatchObject({
      webhookId: hook.id,
      eventType: "webhook.test",
      status: "PENDING",
      attempts: 0,
      attemptsInCycle: 0,
      attemptLog: [],
    });
    expect(await db.prisma.webhookDelivery.count({ where: { eventId: queued.eventId } })).toBe(1);

    expect((await deliverDueWebhooks({ now: new Date(Date.now() + 1000) })).succeeded).toBe(1);
    expect(other.hits).toHaveLength(0);
    expect(r.hits).toHaveLength(1);
    expect(await verifyWebhookSignature(hook.secret, r.hits[0]!.signature, r.hits[0]!.body)).toMatchObject({
      ok: true,
    });
    expect(JSON.parse(r.hits[0]!.body)).toMatchObject({
      id: queued.eventId,
      type: "webhook.test",
      data: { webhookId: hook.id },
    });

    const list = await callRoute(DELIVERIES, { token, params: params(hook.id) });
    expect(list.status).toBe(200);
    const [d] = ZListDeliveriesResponse.parse(list.json).items;
    expect(d).toMatchObject({
      id: queued.id,
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
      attemptLog: [{ attemptNo: 1, statusCode: 200, error: null }],
    });
    expect((await db.prisma.auditEvent.findMany({ where: { entityId: hook.id } })).map((e) => e.action)).toEqual([
      "webhook.created",
      "webhook.test_sent",
    ]);
  });

  it("rotates the secret: the new one is shown once, signs what follows, and the old one no longer verifies", async () => {
    const { token } = await admin();
    const r = await receiver();
    const hook = ZWebhookWithSecret.parse((await create(token, newHook({ url: r.url }))).json);
    const res = await callRoute(ROTATE, { method: "POST", token, params: params(hook.id) });
    expect(res.status).toBe(200);
    const rotated = ZWebhookWithSecret.parse(res.json);
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.secretRotatedAt).not.toBeNull();
    expect(
      (await db.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id }, omit: { secret: false } })).secret,
    ).toBe(rotated.secret);

    await callRoute(TEST, { method: "POST", token, params: params(hook.id) });
    await deliverDueWebhooks({ now: new Date(Date.now() + 1000) });
    const hit = r.hits[0]!;
    expect((await verifyWebhookSignature(rotated.secret, hit.signature, hit.body)).ok).toBe(true);
    expect(await verifyWebhookSignature(hook.secret, hit.signature, hit.body)).toEqual({
      ok: false,
      reason: "mismatch",
    });

    const events = await db.prisma.auditEvent.findMany({
      where: { entityId: hook.id, action: "webhook.secret_rotated" },
    });
    expect(events).toHaveLength(1);
    expect(dump(events)).not.toContain(rotated.secret);
    expect(dump(events)).not.toContain(hook.secret);
  });

  it("pages and filters deliveries", async () => {
    const { token } = await admin();
    const hook = ZWebhookWithSecret.parse((await create(token, newHook())).json);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueueTestDelivery(db.prisma, hook.id)).deliveryId);
    await db.prisma.webhookDelivery.update({ where: { id: ids[0]! }, data: { status: "FAILED" } });
    const page = async (query: Record<string, string>) => {
      const res = await callRoute(DELIVERIES, {
        token,
        params: params(hook.id),
        path: `/?${new URLSearchParams(query)}`,
      });
      expect(res.status).toBe(200);
      return ZListDeliveriesResponse.parse(res.json);
    };
    const first = await page({ limit: "2" });
    expect(first.items.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const second = await page({ limit: "2", cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect((await page({ status: "FAILED" })).items.map((d) => d.id)).toEqual([ids[0]]);
  });

  it("redelivers a finished delivery in a new cycle, once, and refuses pending deliveries and inactive webhooks", async () => {
    const { user, token } = await admin();
    const r = await receiver(500);
    const hook = ZWebhookWithSecret.parse((await create(token, newHook({ url: r.url }))).json);
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);
    const redeliver = () => callRoute(REDELIVER, { method: "POST", token, params: { deliveryId } });

    const pending = await redeliver();
    expect(pending.status).toBe(409);
    expect(ZProblem.parse(pending.json).detail).toMatch(/already pending/);

    await db.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "FAILED", attempts: 8, completedAt: new Date(), lastStatusCode: 500 },
    });
    const results = await Promise.all([redeliver(), redeliver()]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    const again = ZWebhookDelivery.parse(results.find((x) => x.status === 200)!.json);
    expect(again).toMatchObject({
      status: "PENDING",
      attempts: 8,
      attemptsInCycle: 0,
      completedAt: null,
      lastStatusCode: 500,
    });
    expect(again.nextAttemptAt).not.toBeNull();

    await deliverDueWebhooks({ now: new Date(Date.now() + 1000) });
    const after = await db.prisma.webhookDelivery.findUniqueOrThrow({
      where: { id: deliveryId },
      include: { attemptLog: true },
    });
    expect(after).toMatchObject({ status: "PENDING", attempts: 9, cycleStart: 8 });
    expect(after.attemptLog.map((a) => a.attemptNo)).toEqual([9]);

    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: deliveryId } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["webhook.delivery_redelivered", user.id]]);

    await db.prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED" } });
    await callRoute(PATCH, { method: "PATCH", token, params: params(hook.id), body: { active: false } });
    const inactive = await redeliver();
    expect(inactive.status).toBe(409);
    expect(ZProblem.parse(inactive.json).detail).toMatch(/inactive/);
    expect((await callRoute(TEST, { method: "POST", token, params: params(hook.id) })).status).toBe(409);
    expect(
      (await callRoute(REDELIVER, { method: "POST", token, params: { deliveryId: "no-such-delivery" } })).status,
    ).toBe(404);
  });

  it("deletes a webhook with its deliveries and attempts, audited; unknown ids answer 404 everywhere", async () => {
    const { token } = await admin();
    const hook = ZWebhookWithSecret.parse((await create(token, newHook())).json);
    const { deliveryId } = await enqueueTestDelivery(db.prisma, hook.id);
    await db.prisma.deliveryAttempt.create({ data: { deliveryId, attemptNo: 1, statusCode: 500, durationMs: 3 } });
    const res = await callRoute(DELETE, { method: "DELETE", token, params: params(hook.id) });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
    expect(await db.prisma.webhook.count({ where: { id: hook.id } })).toBe(0);
    expect(await db.prisma.webhookDelivery.count({ where: { id: deliveryId } })).toBe(0);
    expect(await db.prisma.deliveryAttempt.count({ where: { deliveryId } })).toBe(0);
    const [deleted] = await db.prisma.auditEvent.findMany({ where: { entityId: hook.id, action: "webhook.deleted" } });
    expect(deleted!.metadata).toEqual({ deliveriesDeleted: { pending: 1, succeeded: 0, failed: 0 } });
    expect((await verifyAuditChain()).ok).toBe(true);

    const p = params(hook.id);
    for (const r of [
      await callRoute(DELETE, { method: "DELETE", token, params: p }),
      await callRoute(PATCH, { method: "PATCH", token, params: p, body: { description: "x" } }),
      await callRoute(ROTATE, { method: "POST", token, params: p }),
      await callRoute(TEST, { method: "POST", token, params: p }),
      await callRoute(DELIVERIES, { token, params: p }),
    ]) {
      expect(r.status).toBe(404);
      ZProblem.parse(r.json);
    }
  });

  it("denies without credentials (401), with the wrong scope or a non-admin role (403), and writes nothing", async () => {
    const { user: adminUser, token: adminToken } = await admin();
    const target = await createTestWebhook(db.prisma, { url: "https://hooks.example.com/target" });
    const { deliveryId } = await enqueueTestDelivery(db.prisma, target.id);
    await db.prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED" } });
    expect((await callRoute(GET, { token: adminToken })).status).toBe(200);
    const { user: other } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST", "IT_OPS", "MANAGER"] });
    const cases: [string, string | undefined, string | undefined, number][] = [
      ["no credentials", undefined, undefined, 401],
      ["unknown token", "mg_not-a-real-token-at-all-000000000", undefined, 401],
      [
        "admin without admin scope",
        await createTestToken(db.prisma, adminUser.id, ["read", "write", "ingest"]),
        undefined,
        403,
      ],
      [
        "non-admin with every scope",
        await createTestToken(db.prisma, other.id, ["admin", "read", "write", "ingest"]),
        undefined,
        403,
      ],
      ["non-admin session", undefined, await sessionCookie(other.id), 403],
    ];
    const p = params(target.id);
    for (const [label, token, cookie, status] of cases) {
      const counts = async () => [
        await db.prisma.webhook.count(),
        await db.prisma.outboxEvent.count(),
        await db.prisma.auditEvent.count(),
      ];
      const before = await counts();
      const responses = [
        await callRoute(GET, { token, cookie }),
        await callRoute(POST, { method: "POST", token, cookie, body: newHook() }),
        await callRoute(PATCH, { method: "PATCH", token, cookie, params: p, body: { active: false } }),
        await callRoute(DELETE, { method: "DELETE", token, cookie, params: p }),
        await callRoute(ROTATE, { method: "POST", token, cookie, params: p }),
        await callRoute(DELIVERIES, { token, cookie, params: p }),
        await callRoute(TEST, { method: "POST", token, cookie, params: p }),
        await callRoute(REDELIVER, { method: "POST", token, cookie, params: { deliveryId } }),
      ];
      for (const res of responses) {
        expect(res.status, label).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        if (status === 403) expect(ZProblem.parse(res.json).permission, label).toBe("webhooks:manage");
      }
      expect(await counts(), label).toEqual(before);
    }
    const unchanged = await db.prisma.webhook.findUniqueOrThrow({ where: { id: target.id }, omit: { secret: false } });
    expect(unchanged).toMatchObject({ active: true, secret: target.secret });
    expect((await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe("FAILED");
  });

  it("refuses bad input with 422 naming each field, and writes nothing", async () => {
    const { token } = await admin();
    const hook = ZWebhookWithSecret.parse((await create(token, newHook())).json);
    const createCases: [unknown, string[]][] = [
      [newHook({ url: "ftp://files.example.com/in" }), ["url"]],
      [newHook({ url: "not a url" }), ["url"]],
      [newHook({ url: "https://user:pass@hooks.example.com/in" }), ["url"]],
      [newHook({ url: `https://hooks.example.com/${"a".repeat(2050)}` }), ["url"]],
      [newHook({ events: [] }), ["events"]],
      [newHook({ events: ["model.exploded"] }), ["events.0"]],
      [newHook({ events: ["webhook.test"] }), ["events.0"]],
      [newHook({ events: ["alert.opened", "alert.opened"] }), ["events"]],
      [newHook({ events: ["*", "alert.opened"] }), ["events"]],
      [newHook({ description: "d".repeat(501), active: "yes" }), ["active", "description"]],
      [{ ...newHook(), secret: "whsec_mine" }, ["secret"]],
      [{ events: ["*"] }, ["url"]],
    ];
    const before = async () => [await db.prisma.webhook.count(), await db.prisma.auditEvent.count()];
    for (const [body, paths] of createCases) {
      const counts = await before();
      const res = await create(token, body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(422);
      expect(
        ZProblem.parse(res.json)
          .errors.map((e) => e.path)
          .sort(),
        JSON.stringify(body).slice(0, 120),
      ).toEqual(paths);
      expect(await before()).toEqual(counts);
    }
    const patchCases: [unknown, string[]][] = [
      [{}, ["(root)"]],
      [{ url: "javascript:alert(1)" }, ["url"]],
      [{ events: [] }, ["events"]],
      [{ active: null }, ["active"]],
    ];
    for (const [body, paths] of patchCases) {
      const counts = await before();
      const res = await callRoute(PATCH, { method: "PATCH", token, params: params(hook.id), body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        ZProblem.parse(res.json)
          .errors.map((e) => e.path)
          .sort(),
        JSON.stringify(body),
      ).toEqual(paths);
      expect(await before()).toEqual(counts);
    }
    for (const [query, path] of [
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["status=LOST", "query.status"],
      ["cursor=bm90LWEtY3Vyc29y", "query.cursor"],
    ]) {
      const res = await callRoute(DELIVERIES, { token, params: params(hook.id), path: `/?${query}` });
      expect(res.status, query).toBe(422);
      expect(
        ZProblem.parse(res.json).errors.map((e) => e.path),
        query,
      ).toEqual([path]);
    }
  });
});

describe("issue 16: webhook targets are screened (SSRF)", () => {
  it("refuses internal targets at creation and on URL change unless the CIDR allow list covers them", async () => {
    const { token } = await admin();
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5/hook",
      "http://[::1]:8080/x",
      "http://[fe80::1]/x",
      "http://224.0.0.1/x",
      "http://192.168.1.10/x",
      "http://[::ffff:10.1.2.3]/x",
      "http://0.0.0.0/x",
    ]) {
      const r = await create(token, newHook({ url }));
      expect(r.status, url).toBe(422);
      expect(r.json.errors[0].path).toBe("url");
      expect(r.json.errors[0].message).toMatch(/MODELGATE_WEBHOOK_ALLOW_PRIVATE/);
    }
    // Allowed by the test's allow list (127.0.0.0/8).
    const ok = ZWebhookWithSecret.parse((await create(token, newHook({ url: "http://127.0.0.1:9/hook" }))).json);
    const moved = await callRoute(PATCH, {
      method: "PATCH",
      token,
      params: { webhookId: ok.id },
      body: { url: "http://172.16.0.1/x" },
    });
    expect(moved.status).toBe(422);
  });

  it("refuses at delivery time too: a stored internal URL is never contacted", async () => {
    const { forbiddenAddressReason } = await import("@/lib/server/webhooks/webhook-target-policy");
    const { postWebhook } = await import("@/lib/server/webhooks/post-webhook");
    expect(forbiddenAddressReason("127.0.0.1")).toBeNull();
    expect(forbiddenAddressReason("169.254.169.254")).toMatch(/private/);
    expect(forbiddenAddressReason("8.8.8.8")).toBeNull();
    const hook = {
      deliveryId: "d",
      eventId: "e",
      eventType: "webhook.test",
      attemptNo: 1,
      secret: "whsec_x",
      body: "{}",
    };
    const literal = await postWebhook({ ...hook, url: "http://169.254.169.254/latest" }, 2_000);
    expect(literal.result).toMatchObject({
      kind: "network",
      message: expect.stringMatching(/Refused: 169\.254\.169\.254/),
    });
    // A name is judged on what it resolves to when the socket connects (localhost → ::1 / 127.0.0.1;
    // ::1 is outside the allow list).
    const named = await postWebhook({ ...hook, url: "http://localhost:9/x" }, 2_000);
    if (named.result.kind === "network" && /Refused/.test(named.result.message))
      expect(named.result.message).toMatch(/localhost resolves to/);
  });
});
