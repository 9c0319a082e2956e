import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { callRoute, createTestToken, createTestUser, sessionCookie, uniq } from "@/lib/testing/factories";
import { ZApiToken, ZCreateApiTokenResponse, ZListApiTokensResponse } from "@/lib/schemas/api-tokens";
import { ZProblem } from "@/lib/schemas/common";
import { hashApiToken } from "@/lib/server/auth/api-tokens";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { resetEnvCache } from "@/lib/env";
import { GET as getTeams } from "../teams/route";
import { GET, POST } from "./route";
import { POST as REVOKE } from "./[tokenId]/revoke/route";

const db = useTestDatabase();

const newToken = (extra: Record<string, unknown> = {}) => ({ name: uniq("ci pipeline"), scopes: ["read"], ...extra });

async function adminWithToken(
  scopes: ("read" | "write" | "ingest" | "admin")[] = ["admin", "read", "write", "ingest"],
) {
  const { user } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
  return { admin: user, token: await createTestToken(db.prisma, user.id, scopes) };
}

// Audit rows carry a bigint seq, which JSON.stringify refuses.
const dump = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

const create = (token: string | undefined, body: unknown) => callRoute(POST, { method: "POST", token, body });
const revoke = (token: string, tokenId: string) => callRoute(REVOKE, { method: "POST", token, params: { tokenId } });

describe("/api/v1/tokens", () => {
  it("creates a token shown once, stores only its sha256, lists it without secrets and audits the creation", async () => {
    const { admin, token } = await adminWithToken();
    const res = await create(token, newToken({ scopes: ["read", "ingest"], expiresInDays: 30 }));
    expect(res.status).toBe(201);
    const created = ZCreateApiTokenResponse.parse(res.json);
    expect(created.token).toMatch(/^mg_/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.user).toEqual({ id: admin.id, name: admin.name, email: admin.email });
    expect(created.scopes).toEqual(["read", "ingest"]);
    expect(created.lastUsedAt).toBeNull();
    expect(created.revokedAt).toBeNull();
    const days = (Date.parse(created.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const stored = await db.prisma.apiToken.findUniqueOrThrow({
      where: { id: created.id },
      omit: { tokenHash: false },
    });
    expect(stored.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(stored.createdById).toBe(admin.id);

    const list = await callRoute(GET, { token });
    expect(list.status).toBe(200);
    const items = ZListApiTokensResponse.parse(list.json).items;
    const { token: _plain, ...shown } = created;
    expect(items.find((t) => t.id === created.id)).toEqual(shown);
    expect(JSON.stringify(list.json)).not.toContain(created.token);
    expect(JSON.stringify(list.json)).not.toContain(stored.tokenHash);

    const events = await db.prisma.auditEvent.findMany({ where: { entityId: created.id } });
    expect(events.map((e) => e.action)).toEqual(["token.created"]);
    expect(events[0]!.actorId).toBe(admin.id);
    expect(dump(events)).not.toContain(created.token);
    expect(dump(events)).not.toContain(stored.tokenHash);
  });

  it("issues tokens that authenticate real requests and record their last use, until revoked", async () => {
    const { token } = await adminWithToken();
    const { user: ds } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] });
    const created = ZCreateApiTokenResponse.parse((await create(token, newToken({ userId: ds.id }))).json);
    expect(created.user.id).toBe(ds.id);

    expect((await callRoute(getTeams, { token: created.token })).status).toBe(200);
    const used = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await revoke(token, created.id);
    expect(revoked.status).toBe(200);
    expect(ZApiToken.parse(revoked.json).revokedAt).not.toBeNull();
    const teams = await callRoute(getTeams, { token: created.token });
    expect(teams.status).toBe(401);
    ZProblem.parse(teams.json);

    const again = await revoke(token, created.id);
    expect(again.status).toBe(409);
    expect(ZProblem.parse(again.json).detail).toMatch(/already revoked/);
    expect((await revoke(token, "no-such-token")).status).toBe(404);

    const events = await db.prisma.auditEvent.findMany({ where: { entityId: created.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["token.created", "token.revoked"]);
    expect(dump(events)).not.toContain(created.token);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("refuses an expired token with 401", async () => {
    const { token } = await adminWithToken();
    const created = ZCreateApiTokenResponse.parse((await create(token, newToken({ expiresInDays: 1 }))).json);
    expect((await callRoute(getTeams, { token: created.token })).status).toBe(200);
    await db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callRoute(getTeams, { token: created.token })).status).toBe(401);
  });

  it("limits a token to its scopes: a read token may not manage tokens", async () => {
    const { token } = await adminWithToken();
    const readOnly = ZCreateApiTokenResponse.parse((await create(token, newToken({ scopes: ["read"] }))).json).token;
    const before = await db.prisma.apiToken.count();
    const res = await create(readOnly, newToken());
    expect(res.status).toBe(403);
    expect(ZProblem.parse(res.json).permission).toBe("tokens:own");
    expect((await callRoute(GET, { token: readOnly })).status).toBe(403);
    expect(await db.prisma.apiToken.count()).toBe(before);
  });

  it("never lets a token mint scopes wider than its own", async () => {
    const { token } = await adminWithToken(["admin", "read"]);
    const before = await db.prisma.apiToken.count();
    const res = await create(token, newToken({ scopes: ["read", "write"] }));
    expect(res.status).toBe(403);
    expect(ZProblem.parse(res.json).errors).toEqual([
      { path: "scopes", message: "Not held by the calling token: write." },
    ]);
    expect(await db.prisma.apiToken.count()).toBe(before);
    expect((await create(token, newToken({ scopes: ["admin", "read"] }))).status).toBe(201);
  });

  it("accepts the browser session of an administrator", async () => {
    const { admin } = await adminWithToken();
    const cookie = await sessionCookie(admin.id);
    const res = await callRoute(POST, { method: "POST", cookie, body: newToken({ scopes: ["write"] }) });
    expect(res.status).toBe(201);
    expect(ZCreateApiTokenResponse.parse(res.json).scopes).toEqual(["write"]);
    expect((await callRoute(GET, { cookie })).status).toBe(200);
  });

  it("denies without credentials (401), with the wrong scope or a non-admin role (403), and writes nothing", async () => {
    const { admin, token: adminToken } = await adminWithToken();
    const target = ZCreateApiTokenResponse.parse((await create(adminToken, newToken())).json);
    const { user: ds } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST", "IT_OPS", "MANAGER"] });
    const cases: [string, string | undefined, string | undefined, number][] = [
      ["no credentials", undefined, undefined, 401],
      ["unknown token", "mg_not-a-real-token-at-all-000000000", undefined, 401],
      [
        "admin without admin scope",
        await createTestToken(db.prisma, admin.id, ["read", "write", "ingest"]),
        undefined,
        403,
      ],
      [
        "non-admin with every scope",
        await createTestToken(db.prisma, ds.id, ["admin", "read", "write", "ingest"]),
        undefined,
        403,
      ],
    ];
    for (const [label, token, cookie, status] of cases) {
      const tokens = await db.prisma.apiToken.count();
      const events = await db.prisma.auditEvent.count();
      const responses = [
        await callRoute(GET, { token, cookie }),
        await callRoute(POST, { method: "POST", token, cookie, body: newToken() }),
        await callRoute(REVOKE, { method: "POST", token, cookie, params: { tokenId: target.id } }),
      ];
      for (const res of responses) {
        expect(res.status, label).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        ZProblem.parse(res.json);
      }
      expect(await db.prisma.apiToken.count(), label).toBe(tokens);
      expect(await db.prisma.auditEvent.count(), label).toBe(events);
    }
    expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: target.id } })).revokedAt).toBeNull();
  });

  it("refuses bad input with 422 naming each field, and writes nothing", async () => {
    const { token } = await adminWithToken();
    const { user: gone } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], active: false });
    const cases: [unknown, string[]][] = [
      [{ ...newToken(), owner: "me" }, ["owner"]],
      [newToken({ scopes: [] }), ["scopes"]],
      [newToken({ scopes: ["read", "read"] }), ["scopes"]],
      [newToken({ scopes: ["root"] }), ["scopes.0"]],
      [{ name: "", scopes: ["read"], expiresInDays: 0 }, ["expiresInDays", "name"]],
      [newToken({ name: "x".repeat(81), expiresInDays: 3651 }), ["expiresInDays", "name"]],
      [newToken({ expiresInDays: 1.5 }), ["expiresInDays"]],
      [newToken({ userId: "no-such-user" }), ["userId"]],
      [newToken({ userId: gone.id }), ["userId"]],
    ];
    for (const [body, paths] of cases) {
      const tokens = await db.prisma.apiToken.count();
      const events = await db.prisma.auditEvent.count();
      const res = await create(token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        ZProblem.parse(res.json)
          .errors.map((e) => e.path)
          .sort(),
        JSON.stringify(body),
      ).toEqual(paths);
      expect(await db.prisma.apiToken.count()).toBe(tokens);
      expect(await db.prisma.auditEvent.count()).toBe(events);
    }
  });

  it("lets exactly one of two concurrent revokes win, with one audit event", async () => {
    const { token } = await adminWithToken();
    const created = ZCreateApiTokenResponse.parse((await create(token, newToken())).json);
    const results = await Promise.all([revoke(token, created.id), revoke(token, created.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.prisma.auditEvent.count({ where: { entityId: created.id, action: "token.revoked" } })).toBe(1);
  });

  describe("self-service", () => {
    const asUser = async (roles: ("DATA_SCIENTIST" | "IT_OPS" | "MANAGER" | "ADMIN")[]) => {
      const { user } = await createTestUser(db.prisma, { roles });
      return { user, cookie: await sessionCookie(user.id) };
    };
    const createAs = (cookie: string, body: unknown) => callRoute(POST, { method: "POST", cookie, body });

    it("lets a data scientist create, list and revoke their own tokens, expiring in 90 days by default", async () => {
      const { user, cookie } = await asUser(["DATA_SCIENTIST"]);
      const { token: adminToken } = await adminWithToken();
      const foreign = ZCreateApiTokenResponse.parse((await create(adminToken, newToken())).json);

      const res = await createAs(cookie, { name: "MLflow client", scopes: ["read", "write"] });
      expect(res.status).toBe(201);
      const mine = ZCreateApiTokenResponse.parse(res.json);
      expect(mine.user.id).toBe(user.id);
      const days = (Date.parse(mine.expiresAt!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThanOrEqual(90);
      expect((await callRoute(getTeams, { token: mine.token })).status).toBe(200);

      const list = ZListApiTokensResponse.parse((await callRoute(GET, { cookie })).json).items;
      expect(list.map((t) => t.id)).toEqual([mine.id]);
      expect(list[0]!.lastUsedAt).not.toBeNull();
      expect(list.some((t) => t.id === foreign.id)).toBe(false);

      const events = await db.prisma.auditEvent.findMany({ where: { entityId: mine.id } });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([["token.created", user.id]]);

      const revoked = await callRoute(REVOKE, { method: "POST", cookie, params: { tokenId: mine.id } });
      expect(revoked.status).toBe(200);
      expect((await callRoute(getTeams, { token: mine.token })).status).toBe(401);
    });

    it("refuses scopes above the user's roles (403 naming them), and writes nothing", async () => {
      const ds = await asUser(["DATA_SCIENTIST"]);
      const manager = await asUser(["MANAGER"]);
      const { token: adminToken } = await adminWithToken();
      const before = await db.prisma.apiToken.count();
      const dsAdmin = await createAs(ds.cookie, newToken({ scopes: ["read", "admin"] }));
      expect(dsAdmin.status).toBe(403);
      expect(ZProblem.parse(dsAdmin.json).errors).toEqual([{ path: "scopes", message: "Above your roles: admin." }]);
      const managerIngest = await createAs(manager.cookie, newToken({ scopes: ["ingest"] }));
      expect(managerIngest.status).toBe(403);
      expect(ZProblem.parse(managerIngest.json).errors).toEqual([
        { path: "scopes", message: "Above your roles: ingest." },
      ]);
      // An administrator cannot hand a data scientist an admin token either.
      const forDs = await create(adminToken, newToken({ userId: ds.user.id, scopes: ["admin"] }));
      expect(forDs.status).toBe(403);
      expect(ZProblem.parse(forDs.json).errors).toEqual([
        { path: "scopes", message: "Above this user's roles: admin." },
      ]);
      expect(await db.prisma.apiToken.count()).toBe(before);
      expect((await createAs(manager.cookie, newToken({ scopes: ["read", "write"] }))).status).toBe(201);
    });

    it("keeps another user's tokens out of reach: no creating as them (403), no revoking theirs (404)", async () => {
      const ds = await asUser(["DATA_SCIENTIST"]);
      const other = await asUser(["DATA_SCIENTIST"]);
      const theirs = ZCreateApiTokenResponse.parse((await createAs(other.cookie, newToken())).json);
      const before = await db.prisma.apiToken.count();
      const events = await db.prisma.auditEvent.count();

      const asThem = await createAs(ds.cookie, newToken({ userId: other.user.id }));
      expect(asThem.status).toBe(403);
      expect(ZProblem.parse(asThem.json).errors.map((e) => e.path)).toEqual(["userId"]);
      const revokeTheirs = await callRoute(REVOKE, {
        method: "POST",
        cookie: ds.cookie,
        params: { tokenId: theirs.id },
      });
      expect(revokeTheirs.status).toBe(404);
      expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
      expect((await callRoute(getTeams, { token: theirs.token })).status).toBe(200);
      // A data scientist's own bearer token, whatever its scopes, cannot manage tokens (a leaked token mints nothing).
      const dsToken = ZCreateApiTokenResponse.parse(
        (await createAs(ds.cookie, newToken({ scopes: ["read", "write", "ingest"] }))).json,
      );
      expect((await create(dsToken.token, newToken())).status).toBe(403);
      expect((await callRoute(GET, { token: dsToken.token })).status).toBe(403);
      expect(await db.prisma.apiToken.count()).toBe(before + 1);
      expect(await db.prisma.auditEvent.count()).toBe(events + 1);
    });

    it("refuses an expired self-service token with 401", async () => {
      const ds = await asUser(["DATA_SCIENTIST"]);
      const mine = ZCreateApiTokenResponse.parse((await createAs(ds.cookie, newToken({ expiresInDays: 1 }))).json);
      expect((await callRoute(getTeams, { token: mine.token })).status).toBe(200);
      await db.prisma.apiToken.update({ where: { id: mine.id }, data: { expiresAt: new Date(Date.now() - 1) } });
      const res = await callRoute(getTeams, { token: mine.token });
      expect(res.status).toBe(401);
      expect(ZProblem.parse(res.json).detail).toMatch(/expired/);
    });

    it("caps the lifetime at MODELGATE_TOKEN_MAX_DAYS (422 beyond it) and defaults below it", async () => {
      const ds = await asUser(["IT_OPS"]);
      process.env.MODELGATE_TOKEN_MAX_DAYS = "30";
      resetEnvCache();
      try {
        const tooLong = await createAs(ds.cookie, newToken({ expiresInDays: 31 }));
        expect(tooLong.status).toBe(422);
        expect(ZProblem.parse(tooLong.json).errors).toEqual([
          { path: "expiresInDays", message: "At most 30 days (MODELGATE_TOKEN_MAX_DAYS)." },
        ]);
        const dflt = ZCreateApiTokenResponse.parse((await createAs(ds.cookie, newToken())).json);
        expect(Math.round((Date.parse(dflt.expiresAt!) - Date.now()) / 86_400_000)).toBe(30);
      } finally {
        delete process.env.MODELGATE_TOKEN_MAX_DAYS;
        resetEnvCache();
      }
    });

    it("shows administrators everyone's tokens and lets them revoke any", async () => {
      const ds = await asUser(["DATA_SCIENTIST"]);
      const theirs = ZCreateApiTokenResponse.parse((await createAs(ds.cookie, newToken())).json);
      const { admin } = await adminWithToken();
      const cookie = await sessionCookie(admin.id);
      const all = ZListApiTokensResponse.parse((await callRoute(GET, { cookie })).json).items;
      expect(all.find((t) => t.id === theirs.id)?.user.id).toBe(ds.user.id);
      expect(new Set(all.map((t) => t.user.id)).size).toBeGreaterThan(1);
      expect((await callRoute(REVOKE, { method: "POST", cookie, params: { tokenId: theirs.id } })).status).toBe(200);
      expect((await callRoute(getTeams, { token: theirs.token })).status).toBe(401);
    });
  });
});
