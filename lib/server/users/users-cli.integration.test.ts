import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { checkCredentials } from "@/lib/server/auth/resolve-actor";
import { createTestTeam } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { runUsersCli } from "./users-cli";

const db = useTestDatabase();
const PASSWORD = "operator-password-1";

async function cli(argv: string[], password: string | (() => never) = PASSWORD) {
  const out: string[] = [];
  const err: string[] = [];
  let asked = 0;
  const code = await runUsersCli(
    argv,
    {
      readPassword: async () => {
        asked++;
        return typeof password === "function" ? password() : password;
      },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    },
    async () => db.prisma,
  );
  return { code, out: out.join("\n"), err: err.join("\n"), asked };
}

describe("npm run users (in process)", () => {
  it("creates a user that can sign in, audited as the system", async () => {
    const team = await createTestTeam(db.prisma);
    const r = await cli([
      "create",
      "--email",
      "Root@Example.com",
      "--name",
      "Root",
      "--role",
      "ADMIN",
      "--role",
      "manager",
      "--team",
      team.slug,
    ]);
    expect(r).toMatchObject({ code: 0, err: "", asked: 1 });
    expect(r.out).toMatch(/^Created root@example.com \(ADMIN, MANAGER\)/);
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: "root@example.com" } });
    expect(u).toMatchObject({ name: "Root", roles: ["ADMIN", "MANAGER"], teamId: team.id, active: true });
    expect((await checkCredentials("root@example.com", PASSWORD)).ok).toBe(true);
    const events = await db.prisma.auditEvent.findMany({ where: { entityId: u.id } });
    expect(events.map((e) => [e.action, e.actorType, e.actorLabel, e.metadata])).toEqual([
      ["user.created", "system", "system", { via: "cli" }],
    ]);
  });

  it("refuses bad input with exit code 2 and a clear message, writing nothing", async () => {
    const before = await db.prisma.user.count();
    const cases: [string[], RegExp][] = [
      [[], /No command given/],
      [["delete", "--email", "x@example.com"], /Unknown command 'delete'/],
      [["create", "--name", "N", "--role", "ADMIN"], /--email is required/],
      [["create", "--email", "a@example.com", "--role", "ADMIN"], /--name is required/],
      [["create", "--email", "a@example.com", "--name", "N"], /--role is required/],
      [["create", "--email", "a@example.com", "--name", "N", "--role", "ROOT"], /unknown role ROOT/],
      [["create", "--email", "not-an-email", "--name", "N", "--role", "ADMIN"], /email: Enter a valid email address/],
      [
        ["create", "--email", "a@example.com", "--name", "N", "--role", "ADMIN", "--password", "x"],
        /Unknown option '--password'/,
      ],
      [["create", "--email", "root@example.com", "--name", "N", "--role", "ADMIN"], /already exists/],
      [
        ["create", "--email", "b@example.com", "--name", "N", "--role", "ADMIN", "--team", "no-such-team"],
        /no team with slug 'no-such-team'/,
      ],
      [["reset-password", "--email", "nobody@example.com"], /no user with nobody@example.com/],
      [["reset-password"], /--email is required/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.err).toMatch(message);
      expect(r.err).toContain("Usage:");
    }
    const short = await cli(["create", "--email", "c@example.com", "--name", "N", "--role", "ADMIN"], "too-short");
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/password: Use at least 12 characters/);
    expect(await db.prisma.user.count()).toBe(before);
  });

  it("reset-password changes the password and bumps sessionVersion (revoking sessions)", async () => {
    const before = await db.prisma.user.findUniqueOrThrow({ where: { email: "root@example.com" } });
    const r = await cli(["reset-password", "--email", "root@example.com"], "a-brand-new-password");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sessions are revoked/);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { email: "root@example.com" } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await checkCredentials("root@example.com", PASSWORD)).ok).toBe(false);
    expect((await checkCredentials("root@example.com", "a-brand-new-password")).ok).toBe(true);
    const events = await db.prisma.auditEvent.findMany({
      where: { entityId: after.id, action: "user.password_reset" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "system", actorLabel: "system" });
    expect(JSON.stringify(events[0]!.metadata)).not.toContain("a-brand-new-password");
  });
});

const ROOT = path.resolve(import.meta.dirname, "../../..");

function run(
  args: string[],
  env: Record<string, string>,
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/users.ts", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(stdin);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run users (the real script, password on stdin)", () => {
  it("creates a user, and refuses bad input with exit 2, on the configured database (PGlite data directory, or PostgreSQL)", async () => {
    const url = process.env.TEST_DATABASE_URL;
    const dir = mkdtempSync(path.join(os.tmpdir(), "mg-users-cli-"));
    const dbName = `modelgate_cli_${randomBytes(3).toString("hex")}`;
    let env: Record<string, string> = { MODELGATE_DATA_DIR: path.join(dir, "pglite"), DATABASE_URL: "" };
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    if (url) {
      await admin(`CREATE DATABASE ${dbName}`);
      const u = new URL(url);
      u.pathname = `/${dbName}`;
      env = { DATABASE_URL: u.toString() };
    }
    try {
      const created = await run(
        ["create", "--email", "ops@example.com", "--name", "Ops", "--role", "ADMIN"],
        env,
        `${PASSWORD}\n`,
      );
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/Created ops@example.com \(ADMIN\)/);
      // Bad input: exit 2 and the reason, before the database is even opened.
      const bad = await run(
        ["create", "--email", "x@example.com", "--name", "X", "--role", "ROOT"],
        env,
        `${PASSWORD}\n`,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/unknown role ROOT/);
    } finally {
      if (url) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
