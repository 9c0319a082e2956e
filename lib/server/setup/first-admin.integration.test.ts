import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as setupRoute } from "@/app/api/setup/route";
import { resetEnvCache, getEnv } from "@/lib/env";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { checkCredentials } from "@/lib/server/auth/resolve-actor";
import { callRoute } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { bootstrapAdminFromEnv, readAdminFromEnv } from "./admin-from-env";
import { ALREADY_SET_UP, forgetSetupState, isSetupPending } from "./first-admin";

const db = useTestDatabase();

const PASSWORD = "first-admin-password-1";
const submit = (body: unknown) => callRoute(setupRoute, { method: "POST", path: "/api/setup", body });

function envWith(vars: Record<string, string | undefined>) {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  resetEnvCache();
  try {
    return getEnv();
  } finally {
    process.env = saved;
    resetEnvCache();
  }
}

beforeEach(() => forgetSetupState());

describe("the one-time /setup", () => {
  it("refuses bad input field by field and creates nothing", async () => {
    expect(await isSetupPending()).toBe(true);
    const res = await submit({ name: " ", email: "not-an-email", password: "short" });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "name", "password"]);
    expect(res.json.errors.find((e: { path: string }) => e.path === "password").message).toBe(
      "Use at least 12 characters.",
    );
    expect(await db.prisma.user.count()).toBe(0);
  });

  it("of 10 concurrent submissions exactly one creates an administrator; the others are told it is already set up", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        submit({ name: `Admin ${i}`, email: `admin${i}@example.com`, password: PASSWORD }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(1);
    const others = results.filter((r) => r.status !== 201);
    expect(others).toHaveLength(9);
    for (const r of others) {
      expect([404, 409]).toContain(r.status);
      expect(r.json.detail).toBe(ALREADY_SET_UP);
    }
    const users = await db.prisma.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0]!.roles).toEqual(["ADMIN"]);
    expect(users[0]!.active).toBe(true);
    expect(users[0]!.email).toBe(ok[0]!.json.email);
    const signIn = await checkCredentials(users[0]!.email, PASSWORD);
    expect(signIn.ok).toBe(true);

    const events = await db.prisma.auditEvent.findMany({ where: { entityId: users[0]!.id } });
    expect(events.map((e) => [e.action, e.actorType, e.actorLabel, e.actorId])).toEqual([
      ["user.created", "system", "system", null],
    ]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PASSWORD);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("is gone for good once a user exists: 404, even in a process that never saw the setup", async () => {
    forgetSetupState();
    expect(await isSetupPending()).toBe(false);
    const res = await submit({ name: "Late", email: "late@example.com", password: PASSWORD });
    expect(res.status).toBe(404);
    expect(await db.prisma.user.count()).toBe(1);
  });
});

describe("MODELGATE_ADMIN_EMAIL at start", () => {
  it("reads the password inline or from a mounted file (trailing newline dropped) and validates it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mg-admin-secret-"));
    try {
      const file = path.join(dir, "password");
      writeFileSync(file, `${PASSWORD}\n`);
      expect(
        readAdminFromEnv(envWith({ MODELGATE_ADMIN_EMAIL: "ops@example.com", MODELGATE_ADMIN_PASSWORD_FILE: file })),
      ).toEqual({ email: "ops@example.com", password: PASSWORD });
      expect(
        readAdminFromEnv(
          envWith({
            MODELGATE_ADMIN_EMAIL: undefined,
            MODELGATE_ADMIN_PASSWORD: undefined,
            MODELGATE_ADMIN_PASSWORD_FILE: undefined,
          }),
        ),
      ).toBeNull();
      expect(() =>
        readAdminFromEnv(envWith({ MODELGATE_ADMIN_EMAIL: "ops@example.com", MODELGATE_ADMIN_PASSWORD: "short" })),
      ).toThrow(/Use at least 12 characters/);
      expect(() =>
        readAdminFromEnv(envWith({ MODELGATE_ADMIN_EMAIL: undefined, MODELGATE_ADMIN_PASSWORD: PASSWORD })),
      ).toThrow(/MODELGATE_ADMIN_EMAIL is not/);
      expect(() =>
        readAdminFromEnv(
          envWith({
            MODELGATE_ADMIN_EMAIL: "ops@example.com",
            MODELGATE_ADMIN_PASSWORD_FILE: path.join(dir, "missing"),
          }),
        ),
      ).toThrow(/cannot be read \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("creates an administrator only when there is no active one, and never changes an existing user", async () => {
    const env = (email: string, password = PASSWORD) =>
      envWith({
        MODELGATE_ADMIN_EMAIL: email,
        MODELGATE_ADMIN_PASSWORD: password,
        MODELGATE_ADMIN_PASSWORD_FILE: undefined,
      });
    // The /setup administrator above is active: nothing happens.
    expect(await bootstrapAdminFromEnv(env("ops@example.com"))).toMatch(/already has an active administrator/);
    expect(await db.prisma.user.count()).toBe(1);

    // No active administrator any more, and the email belongs to that deactivated account: left alone.
    const first = await db.prisma.user.findFirstOrThrow({ omit: { passwordHash: false } });
    await db.prisma.user.update({ where: { id: first.id }, data: { active: false } });
    expect(await bootstrapAdminFromEnv(env(first.email, "another-password-123"))).toMatch(
      /already exists and is left unchanged/,
    );
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: first.id }, omit: { passwordHash: false } });
    expect({ ...after, updatedAt: null }).toEqual({ ...first, active: false, updatedAt: null });

    // A new email: created, audited as the system; a second start is idempotent.
    expect(await bootstrapAdminFromEnv(env("Ops@Example.com"))).toBe(
      "created the first administrator ops@example.com from MODELGATE_ADMIN_EMAIL",
    );
    const ops = await db.prisma.user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(ops.roles).toEqual(["ADMIN"]);
    expect(ops.active).toBe(true);
    expect((await checkCredentials("ops@example.com", PASSWORD)).ok).toBe(true);
    expect(await bootstrapAdminFromEnv(env("ops@example.com", "changed-password-456"))).toMatch(
      /already has an active administrator/,
    );
    expect((await checkCredentials("ops@example.com", PASSWORD)).ok).toBe(true);
    const events = await db.prisma.auditEvent.findMany({ where: { entityId: ops.id } });
    expect(events.map((e) => [e.action, e.actorType, e.actorLabel])).toEqual([["user.created", "system", "system"]]);
    expect(events[0]!.metadata).toEqual({ via: "environment" });
  });
});
