import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { callRoute, createTestToken, createTestUser, sessionCookie, uniq } from "@/lib/testing/factories";
import { ZListUsersResponse, ZUser } from "@/lib/schemas/users";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { GET, POST } from "./route";
import { PATCH } from "./[userId]/route";

const db = useTestDatabase();

const newUser = () => ({
  email: `${uniq("new")}@test.local`,
  name: "New Person",
  roles: ["DATA_SCIENTIST"],
  password: "correct-horse-battery",
});

describe("/api/v1/users", () => {
  it("lets an admin list and create users, with responses matching their schemas and an audit entry", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const cookie = await sessionCookie(user.id, { sudo: true });
    const created = await callRoute(POST, { method: "POST", cookie, body: newUser() });
    expect(created.status).toBe(201);
    expect(ZUser.parse(created.json).roles).toEqual(["DATA_SCIENTIST"]);
    const stored = await db.prisma.user.findUniqueOrThrow({
      where: { id: created.json.id },
      omit: { passwordHash: false },
    });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(created.json)).not.toContain("scrypt");
    const list = await callRoute(GET, { cookie });
    expect(list.status).toBe(200);
    expect(ZListUsersResponse.parse(list.json).items.some((u) => u.id === created.json.id)).toBe(true);
    const audit = await db.prisma.auditEvent.findFirst({
      where: { entityId: created.json.id, action: "user.created" },
    });
    expect(audit?.actorId).toBe(user.id);
  });

  it("accepts the browser session cookie as well as tokens", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const res = await callRoute(GET, { cookie: await sessionCookie(user.id) });
    expect(res.status).toBe(200);
  });

  it("denies without credentials (401), with a bad, revoked or expired token (401), wrong role or scope (403)", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user: ds } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const { user: gone } = await createTestUser(db.prisma, { roles: ["ADMIN"], active: false });
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      ["mg_not-a-real-token-at-all-000000000", 401],
      [await createTestToken(db.prisma, admin.id, ["admin"], { revoked: true }), 401],
      [await createTestToken(db.prisma, admin.id, ["admin"], { expired: true }), 401],
      [await createTestToken(db.prisma, gone.id, ["admin"]), 401],
      [await createTestToken(db.prisma, admin.id, ["read", "write"]), 403],
      // Issue 16: an admin's token, even with every scope, never creates users.
      [await createTestToken(db.prisma, admin.id, ["read", "write", "ingest", "admin"]), 403],
      [await createTestToken(db.prisma, ds.id, ["admin", "read", "write"]), 403],
    ];
    for (const [token, status] of cases) {
      const before = await db.prisma.user.count();
      const res = await callRoute(POST, { method: "POST", token, body: newUser() });
      expect(res.status, `token ${token?.slice(0, 10)}`).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await db.prisma.user.count()).toBe(before);
    }
    expect((await callRoute(GET, { cookie: await sessionCookie(ds.id) })).status).toBe(403);
    expect((await callRoute(GET, { cookie: await sessionCookie(gone.id) })).status).toBe(401);
  });

  it("refuses bad input with problem+json naming each field, and writes nothing", async () => {
    const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const cookie = await sessionCookie(user.id, { sudo: true });
    const before = await db.prisma.user.count();
    const bad = await callRoute(POST, {
      method: "POST",
      cookie,
      body: { email: "nope", name: "", roles: [], password: "x", isRoot: true },
    });
    expect(bad.status).toBe(422);
    const paths = bad.json.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["email", "isRoot", "name", "password", "roles"]);
    expect((await callRoute(POST, { method: "POST", cookie, rawBody: "{not json" })).status).toBe(400);
    expect((await callRoute(POST, { method: "POST", cookie, rawBody: "{}", contentType: "text/plain" })).status).toBe(
      415,
    );
    const huge = JSON.stringify({ ...newUser(), name: "x".repeat(1024 * 1024 + 10) });
    expect((await callRoute(POST, { method: "POST", cookie, rawBody: huge })).status).toBe(413);
    const dup = newUser();
    expect((await callRoute(POST, { method: "POST", cookie, body: dup })).status).toBe(201);
    const again = await callRoute(POST, { method: "POST", cookie, body: { ...dup, email: dup.email.toUpperCase() } });
    expect(again.status).toBe(409);
    expect(again.json.errors).toEqual([{ path: "email", message: "Already taken." }]);
    expect(await db.prisma.user.count()).toBe(before + 1);
  });

  it("updates roles and deactivates; protects self-lockout and the last admin; 404 for unknown ids", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const cookie = await sessionCookie(admin.id, { sudo: true });
    const { user: target } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const patch = (userId: string, body: unknown) =>
      callRoute(PATCH, { method: "PATCH", cookie, body, params: { userId } });

    const r1 = await patch(target.id, { roles: ["DATA_SCIENTIST", "MANAGER"] });
    expect(r1.status).toBe(200);
    expect(r1.json.roles).toEqual(["DATA_SCIENTIST", "MANAGER"]);
    const r2 = await patch(target.id, { active: false });
    expect(r2.json.active).toBe(false);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).deactivatedAt).not.toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { entityId: target.id, action: "user.deactivated" } })).toBe(1);

    expect((await patch(admin.id, { active: false })).status).toBe(409);
    expect((await patch(admin.id, { roles: ["MANAGER"] })).status).toBe(409);
    expect((await patch("does-not-exist", { name: "x" })).status).toBe(404);
    expect((await patch(target.id, {})).status).toBe(422);
    expect((await patch(target.id, { roles: ["ADMIN", "ADMIN"] })).status).toBe(422);
  });

  it("never leaves zero administrators, even when two admins demote each other at once", async () => {
    await db.prisma.$executeRaw`UPDATE users SET active = false WHERE 'ADMIN' = ANY(roles)`;
    const { user: a } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user: b } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const ca = await sessionCookie(a.id);
    const cb = await sessionCookie(b.id);
    const [ra, rb] = await Promise.all([
      callRoute(PATCH, { method: "PATCH", cookie: ca, body: { roles: ["MANAGER"] }, params: { userId: b.id } }),
      callRoute(PATCH, { method: "PATCH", cookie: cb, body: { roles: ["MANAGER"] }, params: { userId: a.id } }),
    ]);
    // The loser is refused as the last administrator (409) or, when it authenticates after the winner
    // committed, finds its session revoked by the role change (401).
    const [winner, loser] = [ra.status, rb.status].sort();
    expect(winner).toBe(200);
    expect([401, 409]).toContain(loser);
    expect(
      await db.prisma.$queryRaw`SELECT count(*)::int AS n FROM users WHERE active AND 'ADMIN' = ANY(roles)`,
    ).toEqual([{ n: 1 }]);
  });

  it("keeps concurrent edits of one user consistent and the audit chain intact", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const cookie = await sessionCookie(admin.id);
    const { user: target } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const names = Array.from({ length: 10 }, (_, i) => `Name ${i}`);
    const results = await Promise.all(
      names.map((name) => callRoute(PATCH, { method: "PATCH", cookie, body: { name }, params: { userId: target.id } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const events = await db.prisma.auditEvent.findMany({
      where: { entityId: target.id, action: "user.updated" },
      orderBy: { seq: "asc" },
    });
    expect(events).toHaveLength(10);
    // Each event's "before" is the previous event's "after": the updates were serialised, none lost.
    for (let i = 1; i < events.length; i++)
      expect((events[i]!.before as { name: string }).name).toBe((events[i - 1]!.after as { name: string }).name);
    const final = await db.prisma.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(final.name).toBe((events[9]!.after as { name: string }).name);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
