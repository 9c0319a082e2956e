import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { callRoute, createTestToken, createTestUser, uniq } from "@/lib/testing/factories";
import { decodeAuditCursor, encodeAuditCursor, ZAuditVerifyResponse, ZListAuditResponse } from "@/lib/schemas/audit";
import { ZProblem } from "@/lib/schemas/common";
import { appendAuditEvent } from "@/lib/server/audit/append-audit-event";
import { drainAuditEvents } from "@/lib/server/audit/integrate-audit-events";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { AppError } from "@/lib/errors";
import { GET } from "./route";
import { GET as VERIFY } from "./verify/route";

const db = useTestDatabase();

/** Five events about one fresh entity type, written as use cases write them; returns their seqs, oldest first. */
async function seedEvents() {
  const { user, actor } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
  const entityType = uniq("widget");
  const modelId = uniq("model");
  const specs = [
    { action: "widget.created", entityId: "w1", modelId },
    {
      action: "widget.updated",
      entityId: "w1",
      modelId,
      before: { size: 1, color: "red" },
      after: { size: 2, color: "red" },
    },
    { action: "widget.created", entityId: "w2", modelId: null },
    { action: "widget.updated", entityId: "w2", modelId: null, before: { size: 5 }, after: { size: 6 } },
    { action: "widget.deleted", entityId: "w1", modelId },
  ];
  const seqs: string[] = [];
  for (const s of specs) {
    const { seq } = await db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, { actor, entityType, metadata: { source: "test" }, ...s }),
    );
    seqs.push(seq.toString());
  }
  return { user, entityType, modelId, seqs };
}

async function readerToken() {
  const { user } = await createTestUser(db.prisma, { roles: ["MANAGER"] });
  return createTestToken(db.prisma, user.id, ["read"]);
}

const list = (token: string, query: Record<string, string>) =>
  callRoute(GET, { token, path: `/api/v1/audit?${new URLSearchParams(query)}` });

describe("/api/v1/audit", () => {
  it("lists events newest first and pages through them with an opaque cursor", async () => {
    const token = await readerToken();
    const { entityType, seqs } = await seedEvents();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(token, { entityType, limit: "2", ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const page = ZListAuditResponse.parse(res.json);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...seqs].reverse());

    await drainAuditEvents();
    const first = ZListAuditResponse.parse((await list(token, { entityType, limit: "1" })).json).items[0]!;
    expect(first).toMatchObject({
      action: "widget.deleted",
      actorType: "user",
      metadata: { source: "test" },
      before: null,
      after: null,
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by action, entity, model and actor", async () => {
    const token = await readerToken();
    const { user, entityType, modelId, seqs } = await seedEvents();
    const seqsFor = async (query: Record<string, string>) =>
      ZListAuditResponse.parse((await list(token, query)).json).items.map((e) => e.seq);
    expect(await seqsFor({ entityType, action: "widget.updated" })).toEqual([seqs[3], seqs[1]]);
    expect(await seqsFor({ entityType, entityId: "w2" })).toEqual([seqs[3], seqs[2]]);
    expect(await seqsFor({ modelId })).toEqual([seqs[4], seqs[1], seqs[0]]);
    expect(await seqsFor({ actorId: user.id })).toEqual([...seqs].reverse());
    expect(await seqsFor({ entityType: uniq("nothing") })).toEqual([]);
    const updated = ZListAuditResponse.parse(
      (await list(token, { entityType, entityId: "w1", action: "widget.updated" })).json,
    ).items[0]!;
    expect(updated.before).toEqual({ size: 1, color: "red" });
    expect(updated.after).toEqual({ size: 2, color: "red" });
    expect(updated.modelId).toBe(modelId);
  });

  it("refuses malformed queries with 422 naming the query field", async () => {
    const token = await readerToken();
    const cases: [Record<string, string>, string][] = [
      [{ cursor: "!!!" }, "query.cursor"],
      [{ cursor: "YWJj" }, "query.cursor"], // valid base64url, but of "abc"
      [{ cursor: encodeAuditCursor("0") }, "query.cursor"],
      [{ limit: "0" }, "query.limit"],
      [{ limit: "201" }, "query.limit"],
      [{ limit: "ten" }, "query.limit"],
      [{ colour: "red" }, "query.colour"],
    ];
    for (const [query, path] of cases) {
      const res = await list(token, query);
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(ZProblem.parse(res.json).errors.map((e) => e.path)).toEqual([path]);
    }
  });

  it("rejects a malformed cursor in the use case too, for callers that skip the schema", async () => {
    const { actor } = await createTestUser(db.prisma, { roles: ["MANAGER"] });
    const err = await listAuditEvents({ actor, query: { limit: 10, cursor: "YWJj" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION_FAILED");
    expect((err as AppError).errors.map((e) => e.path)).toEqual(["query.cursor"]);
    expect(decodeAuditCursor(encodeAuditCursor(123456789012345n))).toBe(123456789012345n);
  });

  it("verifies an intact chain and detects a tampered event", async () => {
    const token = await readerToken();
    const { seqs } = await seedEvents();
    await drainAuditEvents();
    const ok = await callRoute(VERIFY, { token });
    expect(ok.status).toBe(200);
    const report = ZAuditVerifyResponse.parse(ok.json);
    expect(report).toMatchObject({ ok: true });
    expect(report.verified).toBeGreaterThanOrEqual(seqs.length);
    expect(report.pending).toBe(0);
    expect(report.brokenAt).toBeUndefined();

    const victim = BigInt(seqs[2]!);
    const rewrite = (action: string) =>
      db.prisma.$transaction(async (tx) => {
        // The append-only trigger is what stops this in production; only an attacker with DDL rights gets past it.
        await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
        await tx.$executeRaw`UPDATE audit_events SET action = ${action} WHERE seq = ${victim}`;
        await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
      });
    await rewrite("widget.approved");
    try {
      // The first verify stored a checkpoint at the head, so only a full verification re-reads older events.
      const broken = ZAuditVerifyResponse.parse(
        (await callRoute(VERIFY, { token, path: "/api/v1/audit/verify?full=true" })).json,
      );
      expect(broken.ok).toBe(false);
      expect(broken.brokenAt).toMatchObject({ seq: victim.toString(), reason: "content does not match its hash" });
    } finally {
      // Other tests in this file verify the chain too: put the original back whatever happened above.
      await rewrite("widget.created");
    }
    expect(
      ZAuditVerifyResponse.parse((await callRoute(VERIFY, { token, path: "/api/v1/audit/verify?full=true" })).json).ok,
    ).toBe(true);
    await expect(db.prisma.$executeRaw`UPDATE audit_events SET action = 'x' WHERE seq = ${victim}`).rejects.toThrow();
  });

  it("denies without credentials (401) and to tokens without the read scope (403)", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      ["mg_not-a-real-token-at-all-000000000", 401],
      [await createTestToken(db.prisma, admin.id, ["admin", "write", "ingest"]), 403],
    ];
    for (const [token, status] of cases) {
      for (const handler of [GET, VERIFY]) {
        const res = await callRoute(handler, { token });
        expect(res.status).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        ZProblem.parse(res.json);
      }
    }
  });
});
