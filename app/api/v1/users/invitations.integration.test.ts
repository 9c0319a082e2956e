import { describe, expect, it } from "vitest";
import { checkCredentials } from "@/lib/server/auth/resolve-actor";
import { hashInviteToken } from "@/lib/server/users/user-invite-token";
import { callRoute, createTestToken, createTestUser, sessionCookie, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { POST as accept } from "../invitations/accept/route";
import { GET as listModels } from "../models/route";
import { POST as reissue } from "./[userId]/invitation/route";
import { POST as invite } from "./invitations/route";
import { GET as listUsers } from "./route";

/**
 * Issue 16: a new user may be invited with a one-time set-your-password link instead of an initial password
 * chosen by the administrator. The link is the credential: random, stored as a hash, 72 hours, one use,
 * replaced by a newer one; issuing it needs what setting a password needs (a signed-in admin in sudo mode).
 */
const db = useTestDatabase();
const PASSWORD = "a-password-of-my-own";
const newUser = (roles: string[] = ["DATA_SCIENTIST"]) => ({
  email: `${uniq("inv")}@test.local`,
  name: "Invited Person",
  roles,
});
const tokenOf = (url: string) => url.split("/invite/")[1]!;

async function adminCookie() {
  const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
  return { admin: user, cookie: await sessionCookie(user.id, { sudo: true }) };
}

describe("inviting a user", () => {
  it("creates an inactive user without a password and answers a one-time link whose token is stored only as a hash", async () => {
    const { admin, cookie } = await adminCookie();
    const body = newUser();
    const r = await callRoute(invite, { method: "POST", path: "/api/v1/users/invitations", cookie, body });
    expect(r.status).toBe(201);
    expect(r.json.inviteUrl).toMatch(/^http:\/\/localhost\/invite\/[\w-]{43}$/);
    expect(r.json.user).toMatchObject({ email: body.email, active: false, invitation: { expired: false } });
    const hours = (Date.parse(r.json.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const token = tokenOf(r.json.inviteUrl);
    const stored = await db.prisma.userInvite.findMany({
      where: { userId: r.json.user.id },
      omit: { tokenHash: false },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashInviteToken(token));
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.createdById).toBe(admin.id);
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { id: r.json.user.id },
      omit: { passwordHash: false },
    });
    expect(user).toMatchObject({ passwordHash: null, active: false, deactivatedAt: null });
    const actions = (
      await db.prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { seq: "asc" } })
    ).map((e) => e.action);
    expect(actions).toEqual(["user.created", "user.invite_issued"]);
    // The list shows the open invitation; the link itself is never shown again.
    const listed = (await callRoute(listUsers, { cookie })).json.items.find((u: { id: string }) => u.id === user.id);
    expect(listed.invitation).toEqual({ expiresAt: r.json.expiresAt, expired: false });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("using the link sets the password, activates the account, ends old sessions, spends the link and is audited as the user", async () => {
    const { cookie } = await adminCookie();
    const r = await callRoute(invite, { method: "POST", cookie, body: newUser() });
    const token = tokenOf(r.json.inviteUrl);
    const userId: string = r.json.user.id;
    expect((await checkCredentials(r.json.user.email, PASSWORD)).ok).toBe(false);

    const short = await callRoute(accept, { method: "POST", body: { token, password: "short" } });
    expect(short.status).toBe(422);
    expect(short.json.errors).toEqual([{ path: "password", message: "Use at least 12 characters." }]);
    expect((await db.prisma.userInvite.findFirstOrThrow({ where: { userId } })).usedAt).toBeNull();

    const ok = await callRoute(accept, { method: "POST", body: { token, password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ email: r.json.user.email });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ active: true, sessionVersion: 1 });
    const signIn = await checkCredentials(r.json.user.email, PASSWORD);
    expect(signIn.ok).toBe(true);
    // A session minted before the link was used (version 0) no longer works; one at the new version does.
    expect((await callRoute(listModels, { cookie: await sessionCookie(userId, { sv: 0 }) })).status).toBe(401);
    expect((await callRoute(listModels, { cookie: await sessionCookie(userId, { sv: 1 }) })).status).toBe(200);
    const accepted = await db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: userId, action: "user.invite_accepted" },
    });
    expect(accepted).toMatchObject({ actorId: userId });
    expect(
      (await callRoute(listUsers, { cookie })).json.items.find((u: { id: string }) => u.id === userId).invitation,
    ).toBeNull();

    // Single use.
    const again = await callRoute(accept, { method: "POST", body: { token, password: "another-password-9" } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ inviteState: "used", detail: expect.stringContaining("already used") });
    expect((await checkCredentials(r.json.user.email, PASSWORD)).ok).toBe(true);
  });

  it("refuses expired, unknown and replaced links with a clear 4xx, and re-issuing replaces the old link", async () => {
    const { cookie } = await adminCookie();
    const r = await callRoute(invite, { method: "POST", cookie, body: newUser() });
    const userId: string = r.json.user.id;
    const first = tokenOf(r.json.inviteUrl);

    const unknown = await callRoute(accept, { method: "POST", body: { token: "x".repeat(43), password: PASSWORD } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toMatch(/not valid/);

    await db.prisma.userInvite.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callRoute(accept, { method: "POST", body: { token: first, password: PASSWORD } });
    expect(expired.status).toBe(409);
    expect(expired.json).toMatchObject({ inviteState: "expired", detail: expect.stringContaining("expired") });
    expect(
      (await callRoute(listUsers, { cookie })).json.items.find((u: { id: string }) => u.id === userId).invitation
        .expired,
    ).toBe(true);

    const re = await callRoute(reissue, { method: "POST", cookie, params: { userId } });
    expect(re.status).toBe(201);
    const second = tokenOf(re.json.inviteUrl);
    expect(second).not.toBe(first);
    expect(re.json.user.invitation).toMatchObject({ expired: false });
    const third = tokenOf((await callRoute(reissue, { method: "POST", cookie, params: { userId } })).json.inviteUrl);
    const replaced = await callRoute(accept, { method: "POST", body: { token: second, password: PASSWORD } });
    expect(replaced.status).toBe(409);
    expect(replaced.json.inviteState).toBe("replaced");
    expect(await db.prisma.userInvite.count({ where: { userId, usedAt: null, revokedAt: null } })).toBe(1);

    expect((await callRoute(accept, { method: "POST", body: { token: third, password: PASSWORD } })).status).toBe(200);
    // Once the user has a password, a new link would be a reset by another name.
    const after = await callRoute(reissue, { method: "POST", cookie, params: { userId } });
    expect(after.status).toBe(409);
    expect(after.json.detail).toMatch(/already set a password/);
  });
});

describe("who may invite", () => {
  it("refuses tokens whatever their scopes, non-administrators, and administrators outside sudo mode; nothing is written", async () => {
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const { user: target } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], active: false });
    const { user: manager } = await createTestUser(db.prisma, { roles: ["MANAGER", "IT_OPS", "DATA_SCIENTIST"] });
    const token = await createTestToken(db.prisma, admin.id, ["read", "write", "ingest", "admin"]);
    const users = await db.prisma.user.count();
    const audit = await db.prisma.auditEvent.count();

    const byToken = await callRoute(invite, { method: "POST", token, body: newUser() });
    expect(byToken.status).toBe(403);
    expect((await callRoute(reissue, { method: "POST", token, params: { userId: target.id } })).status).toBe(403);
    const byManager = await sessionCookie(manager.id, { sudo: true });
    expect((await callRoute(invite, { method: "POST", cookie: byManager, body: newUser() })).status).toBe(403);
    expect(
      (await callRoute(reissue, { method: "POST", cookie: byManager, params: { userId: target.id } })).status,
    ).toBe(403);
    const noSudo = await sessionCookie(admin.id);
    const refused = await callRoute(invite, { method: "POST", cookie: noSudo, body: newUser(["ADMIN"]) });
    expect(refused.status).toBe(403);
    expect(refused.json.sudoRequired).toBe(true);
    expect(
      (await callRoute(reissue, { method: "POST", cookie: noSudo, params: { userId: target.id } })).json.sudoRequired,
    ).toBe(true);
    expect((await callRoute(invite, { method: "POST", body: newUser() })).status).toBe(401);

    expect(await db.prisma.user.count()).toBe(users);
    expect(
      await db.prisma.userInvite.count({
        where: { OR: [{ userId: target.id }, { createdById: { in: [admin.id, manager.id] } }] },
      }),
    ).toBe(0);
    expect(await db.prisma.auditEvent.count()).toBe(audit);
  });

  it("refuses a duplicate email (409) and an unknown user on re-issue (404)", async () => {
    const { cookie } = await adminCookie();
    const body = newUser();
    expect((await callRoute(invite, { method: "POST", cookie, body })).status).toBe(201);
    const dup = await callRoute(invite, { method: "POST", cookie, body: { ...body, email: body.email.toUpperCase() } });
    expect(dup.status).toBe(409);
    expect(dup.json.errors).toEqual([{ path: "email", message: "Already taken." }]);
    expect(
      (await callRoute(reissue, { method: "POST", cookie, params: { userId: "cnosuchuser00000000000000" } })).status,
    ).toBe(404);
  });
});

describe("two uses of one link at the same moment", () => {
  it("let exactly one through", async () => {
    const { cookie } = await adminCookie();
    for (let round = 0; round < 3; round++) {
      const r = await callRoute(invite, { method: "POST", cookie, body: newUser() });
      const token = tokenOf(r.json.inviteUrl);
      const results = await Promise.all(
        ["first-password-123", "second-password-123", "third-password-1234"].map((password) =>
          callRoute(accept, { method: "POST", body: { token, password } }),
        ),
      );
      const statuses = results.map((x) => x.status).sort();
      expect(statuses, JSON.stringify(results.map((x) => x.json))).toEqual([200, 409, 409]);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { id: r.json.user.id } });
      expect(user.sessionVersion).toBe(1);
      expect(await db.prisma.auditEvent.count({ where: { entityId: user.id, action: "user.invite_accepted" } })).toBe(
        1,
      );
      const winner = ["first-password-123", "second-password-123", "third-password-1234"][
        results.findIndex((x) => x.status === 200)
      ]!;
      expect((await checkCredentials(user.email, winner)).ok).toBe(true);
    }
  });
});
