import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { createTestTeam, createTestUser } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { signInWithOidc } from "./oidc-provisioning";

const db = useTestDatabase();
const ENV = {
  OIDC_AUTO_PROVISION: "true",
  OIDC_ROLES_CLAIM: "groups",
  OIDC_ROLE_MAP: "ml-scientists:DATA_SCIENTIST,ml-ops:IT_OPS,ml-leads:MANAGER,ml-admins:ADMIN",
  OIDC_TEAM_MAP: "",
};
const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
};

let teamSlug = "";
beforeAll(async () => {
  teamSlug = (await createTestTeam(db.prisma)).slug;
  setEnv({ ...ENV, OIDC_TEAM_MAP: `ml-scientists:${teamSlug}` });
});
afterAll(() =>
  setEnv({
    OIDC_AUTO_PROVISION: undefined,
    OIDC_ROLES_CLAIM: undefined,
    OIDC_ROLE_MAP: undefined,
    OIDC_TEAM_MAP: undefined,
  }),
);

describe("OIDC just-in-time provisioning (in process)", () => {
  it("creates the user on first login with mapped roles and team, then re-syncs at every login", async () => {
    const first = await signInWithOidc({
      email: "Nina@Example.com",
      name: "Nina",
      groups: ["ml-scientists", "ml-leads", "unrelated"],
    });
    expect(first).toMatchObject({ ok: true, created: true });
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: "nina@example.com" }, include: { team: true } });
    expect(u).toMatchObject({ name: "Nina", roles: ["DATA_SCIENTIST", "MANAGER"], active: true });
    expect(
      (await db.prisma.user.findUniqueOrThrow({ where: { id: u.id }, omit: { passwordHash: false } })).passwordHash,
    ).toBeNull();
    expect(u.team?.slug).toBe(teamSlug);
    const created = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: u.id, action: "user.created" } });
    expect(created).toMatchObject({ actorType: "system", actorLabel: "single sign-on" });

    // Same groups: nothing written.
    const events = await db.prisma.auditEvent.count();
    expect(await signInWithOidc({ email: "nina@example.com", groups: ["ml-scientists", "ml-leads"] })).toMatchObject({
      ok: true,
      created: false,
      changed: false,
    });
    expect(await db.prisma.auditEvent.count()).toBe(events);

    // ml-leads removed at the provider, ml-ops added: the role goes, the team follows the mapping (none now).
    expect(await signInWithOidc({ email: "nina@example.com", groups: ["ml-ops"] })).toMatchObject({
      ok: true,
      changed: true,
    });
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.roles).toEqual(["IT_OPS"]);
    expect(after.teamId).toBeNull();
    const updated = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: u.id, action: "user.updated" } });
    expect(updated.before).toEqual({ roles: ["DATA_SCIENTIST", "MANAGER"], teamId: u.teamId });
    expect(updated.after).toEqual({ roles: ["IT_OPS"], teamId: null });
  });

  it("refuses a login whose groups map to no role, creating or changing nothing", async () => {
    const users = await db.prisma.user.count();
    expect(await signInWithOidc({ email: "nobody@example.com", groups: ["marketing"] })).toEqual({
      ok: false,
      reason: "NoMappedGroup",
    });
    expect(await signInWithOidc({ email: "nobody@example.com" })).toEqual({ ok: false, reason: "NoMappedGroup" });
    expect(await db.prisma.user.count()).toBe(users);
    const nina = await db.prisma.user.findUniqueOrThrow({ where: { email: "nina@example.com" } });
    expect(await signInWithOidc({ email: "nina@example.com", groups: [] })).toEqual({
      ok: false,
      reason: "NoMappedGroup",
    });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: nina.id } })).roles).toEqual(nina.roles);
    expect(await signInWithOidc({ email: "x@example.com", email_verified: false, groups: ["ml-ops"] })).toEqual({
      ok: false,
      reason: "NoEmail",
    });
  });

  it("refuses deactivated users and never strips ADMIN from the last active administrator", async () => {
    const { user: gone } = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], active: false });
    expect(await signInWithOidc({ email: gone.email, groups: ["ml-scientists"] })).toEqual({
      ok: false,
      reason: "Deactivated",
    });
    const { user: admin } = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    expect(await signInWithOidc({ email: admin.email, groups: ["ml-ops"] })).toMatchObject({ ok: true, changed: true });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).roles).toEqual(["IT_OPS", "ADMIN"]);
    // With another active administrator, the provider's word holds.
    await createTestUser(db.prisma, { roles: ["ADMIN"] });
    await signInWithOidc({ email: admin.email, groups: ["ml-ops"] });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).roles).toEqual(["IT_OPS"]);
  });

  it("without OIDC_AUTO_PROVISION only matches existing active users", async () => {
    setEnv({ OIDC_AUTO_PROVISION: "false" });
    try {
      expect(await signInWithOidc({ email: "stranger@example.com", groups: ["ml-ops"] })).toEqual({
        ok: false,
        reason: "NoAccount",
      });
      const nina = await db.prisma.user.findUniqueOrThrow({ where: { email: "nina@example.com" } });
      expect(await signInWithOidc({ email: "nina@example.com", groups: ["ml-admins"] })).toEqual({
        ok: true,
        userId: nina.id,
        created: false,
        changed: false,
      });
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: nina.id } })).roles).toEqual(nina.roles);
    } finally {
      setEnv({ OIDC_AUTO_PROVISION: "true" });
    }
  });
});
