import { describe, expect, it } from "vitest";
import { callRoute, createTestToken, createTestUser, sessionCookie, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as listModels } from "../models/route";
import { POST as confirmSudo } from "../session/sudo/route";
import { PATCH } from "./[userId]/route";
import { POST as revokeSessions } from "./[userId]/sessions/revoke/route";
import { POST } from "./route";

/**
 * Issue 16, findings 3 and 4: an admin-scoped token minted an ADMIN user with a password of its choosing and
 * reset anyone's password; sessions outlived a password reset. Now user management needs a signed-in
 * administrator, the riskiest changes sudo mode, and every such change ends the user's sessions.
 */
const db = useTestDatabase();
const newUser = (roles: string[] = ["DATA_SCIENTIST"]) => ({
  email: `${uniq("u")}@test.local`,
  name: "New",
  roles,
  password: "correct-horse-battery",
});
const PASSWORD = "admin-password-123";

describe("no escalation through tokens", () => {
  it("refuses user creation, role changes and password resets to an admin's token whatever its scopes", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user: target } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const token = await createTestToken(db.prisma, admin.id, ["read", "write", "ingest", "admin"]);
    const users = await db.prisma.user.count();
    expect((await callRoute(POST, { method: "POST", token, body: newUser(["ADMIN"]) })).status).toBe(403);
    for (const body of [{ roles: ["ADMIN"] }, { password: "attacker-chosen-pw" }, { active: false }, { name: "x" }]) {
      const r = await callRoute(PATCH, { method: "PATCH", token, params: { userId: target.id }, body });
      expect(r.status, JSON.stringify(body)).toBe(403);
    }
    expect(await db.prisma.user.count()).toBe(users);
    expect(
      await db.prisma.user.findUniqueOrThrow({ where: { id: target.id }, omit: { passwordHash: false } }),
    ).toMatchObject({ roles: ["DATA_SCIENTIST"], active: true, passwordHash: null, name: target.name });
  });
});

describe("sudo mode", () => {
  it("needs a fresh password confirmation to grant ADMIN or set a password; other changes do not", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"], password: PASSWORD });
    const { user: target } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const cookie = await sessionCookie(admin.id, { sid: uniq("sid") });
    const patch = (body: unknown, c = cookie) =>
      callRoute(PATCH, { method: "PATCH", cookie: c, params: { userId: target.id }, body });
    const grant = await patch({ roles: ["DATA_SCIENTIST", "ADMIN"] });
    expect(grant.status).toBe(403);
    expect(grant.json.sudoRequired).toBe(true);
    expect((await patch({ password: "a-new-password-1" })).json.sudoRequired).toBe(true);
    expect((await callRoute(POST, { method: "POST", cookie, body: newUser() })).json.sudoRequired).toBe(true);
    expect((await patch({ name: "Renamed" })).status).toBe(200);

    const wrong = await callRoute(confirmSudo, { method: "POST", cookie, body: { password: "not-it" } });
    expect(wrong.status).toBe(422);
    const ok = await callRoute(confirmSudo, { method: "POST", cookie, body: { password: PASSWORD } });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^mg-sudo=\d{13}\.[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Strict/);
    const sudo = `${cookie}; ${setCookie.split(";")[0]}`;
    expect((await patch({ roles: ["DATA_SCIENTIST", "ADMIN"] }, sudo)).status).toBe(200);
    expect(await db.prisma.auditEvent.count({ where: { entityId: admin.id, action: "user.sudo_confirmed" } })).toBe(1);

    // The proof is bound to its session: another session of the same admin does not inherit it.
    const other = `${await sessionCookie(admin.id, { sid: uniq("sid") })}; ${setCookie.split(";")[0]}`;
    expect(
      (
        await callRoute(PATCH, {
          method: "PATCH",
          cookie: other,
          params: { userId: target.id },
          body: { password: "a-new-password-1" },
        })
      ).json.sudoRequired,
    ).toBe(true);
  });
});

describe("session versions", () => {
  it("ends every session of a user whose password, roles or active flag change; a rename does not", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const adminCookie = await sessionCookie(admin.id, { sudo: true });
    for (const change of [{ password: "reset-by-admin-1" }, { roles: ["IT_OPS"] }, { active: false }]) {
      const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
      const victim = await sessionCookie(user.id);
      expect((await callRoute(listModels, { cookie: victim })).status).toBe(200);
      expect(
        (
          await callRoute(PATCH, {
            method: "PATCH",
            cookie: adminCookie,
            params: { userId: user.id },
            body: { name: "Renamed" },
          })
        ).status,
      ).toBe(200);
      expect((await callRoute(listModels, { cookie: victim })).status).toBe(200);
      expect(
        (await callRoute(PATCH, { method: "PATCH", cookie: adminCookie, params: { userId: user.id }, body: change }))
          .status,
      ).toBe(200);
      expect((await callRoute(listModels, { cookie: victim })).status, JSON.stringify(change)).toBe(401);
      const { sessionVersion } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(sessionVersion).toBe(1);
      if (change.active === undefined)
        expect((await callRoute(listModels, { cookie: await sessionCookie(user.id, { sv: 1 }) })).status).toBe(200);
    }
  });

  it("signs a user out everywhere: themselves, or an administrator for them; nobody else", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const { user: peer } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const laptop = await sessionCookie(user.id);
    const phone = await sessionCookie(user.id);
    expect(
      (
        await callRoute(revokeSessions, {
          method: "POST",
          cookie: await sessionCookie(peer.id),
          params: { userId: user.id },
        })
      ).status,
    ).toBe(404);
    const token = await createTestToken(db.prisma, user.id, ["read", "write"]);
    expect((await callRoute(revokeSessions, { method: "POST", token, params: { userId: user.id } })).status).toBe(401);
    const self = await callRoute(revokeSessions, { method: "POST", cookie: laptop, params: { userId: user.id } });
    expect(self.status).toBe(200);
    expect(self.json).toEqual({ sessionVersion: 1 });
    for (const c of [laptop, phone]) expect((await callRoute(listModels, { cookie: c })).status).toBe(401);
    const fresh = await sessionCookie(user.id, { sv: 1 });
    expect(
      (
        await callRoute(revokeSessions, {
          method: "POST",
          cookie: await sessionCookie(admin.id),
          params: { userId: user.id },
        })
      ).status,
    ).toBe(200);
    expect((await callRoute(listModels, { cookie: fresh })).status).toBe(401);
    expect(await db.prisma.auditEvent.count({ where: { entityId: user.id, action: "user.sessions_revoked" } })).toBe(2);
  });
});
