import "server-only";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Db } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import { ROLES, type TRole } from "@/lib/domain/rbac/permissions";
import { ZCreateUserRequest } from "@/lib/schemas/users";
import { appendAuditEvent } from "../audit/append-audit-event";
import { hashPassword } from "../auth/password";
import { insertUserAsSystem, SYSTEM_ACTOR, takeBootstrapLock } from "../setup/first-admin";

/**
 * `npm run users -- <command>` for operators (docs/DEPLOY.md): create a user, reset a password. Works on
 * PGlite (server stopped: one process per data directory) and PostgreSQL. The password is never an
 * argument (it would sit in the shell history and `ps`): it comes from stdin or an interactive prompt.
 * Exit codes: 0 done, 2 bad input (usage, validation, unknown or taken email), 1 anything else.
 */
export type CliIo = {
  readPassword: (prompt: string) => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
};

export const USAGE = `Usage:
  npm run users -- create --email EMAIL --name NAME --role ROLE [--role ROLE…] [--team TEAM_SLUG]
  npm run users -- reset-password --email EMAIL
The password is read from stdin (e.g. from a secret file: < file) or asked for interactively; never pass it as an argument.
Roles: ${ROLES.join(", ")}.`;

class UsageError extends Error {}

/** `openDb` is called only once the arguments are valid: bad input is refused without touching the database. */
export async function runUsersCli(argv: string[], io: CliIo, openDb: () => Promise<Db>): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "create") return await create(rest, io, openDb);
    if (command === "reset-password") return await resetPassword(rest, io, openDb);
    throw new UsageError(command ? `Unknown command '${command}'.` : "No command given.");
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | string[] | undefined
    >;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function check<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

async function readPassword(io: CliIo): Promise<string> {
  const pw = await io.readPassword("Password (at least 12 characters): ");
  return check(ZCreateUserRequest.shape.password, pw, "password");
}

async function create(args: string[], io: CliIo, openDb: () => Promise<Db>): Promise<number> {
  const v = parse(args, {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", multiple: true },
    team: { type: "string" },
  });
  if (!v.email) throw new UsageError("--email is required.");
  if (!v.name) throw new UsageError("--name is required.");
  const roleArgs = (v.role as string[] | undefined) ?? [];
  if (!roleArgs.length) throw new UsageError("--role is required (at least one).");
  const roles = roleArgs.map((r) => r.toUpperCase());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UsageError(`unknown role ${unknown.join(", ")} (roles: ${ROLES.join(", ")}).`);
  const email = check(ZCreateUserRequest.shape.email, v.email, "email");
  const name = check(ZCreateUserRequest.shape.name, v.name, "name");
  check(ZCreateUserRequest.shape.roles, roles, "role");
  const password = await readPassword(io);
  const passwordHash = await hashPassword(password);
  const teamSlug = v.team as string | undefined;
  const db = await openDb();
  const outcome = await runTransaction(
    async (tx) => {
      // The same lock as /setup and the start-up bootstrap: a user created here and a /setup submission never both win.
      await takeBootstrapLock(tx);
      if (await tx.user.findUnique({ where: { email }, select: { id: true } }))
        return { error: `a user with ${email} already exists (use reset-password to change a password).` };
      let teamId: string | null = null;
      if (teamSlug) {
        const team = await tx.team.findUnique({ where: { slug: teamSlug }, select: { id: true } });
        if (!team) return { error: `no team with slug '${teamSlug}'.` };
        teamId = team.id;
      }
      return {
        user: await insertUserAsSystem(tx, { email, name, roles: roles as TRole[], teamId, passwordHash }, "cli"),
      };
    },
    { db },
  );
  if ("error" in outcome) throw new UsageError(outcome.error!);
  io.out(`Created ${email} (${roles.join(", ")}), id ${outcome.user.id}.`);
  return 0;
}

async function resetPassword(args: string[], io: CliIo, openDb: () => Promise<Db>): Promise<number> {
  const v = parse(args, { email: { type: "string" } });
  if (!v.email) throw new UsageError("--email is required.");
  const email = check(ZCreateUserRequest.shape.email, v.email, "email");
  const db = await openDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new UsageError(`no user with ${email}.`);
  const password = await readPassword(io);
  const passwordHash = await hashPassword(password);
  await runTransaction(
    async (tx) => {
      // sessionVersion + 1 revokes every session issued before (the session check compares it).
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
      await appendAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "user.password_reset",
        entityType: "user",
        entityId: user.id,
        metadata: { via: "cli", sessionsRevoked: true },
      });
    },
    { db },
  );
  io.out(`Password of ${email} reset; their existing sessions are revoked.`);
  return 0;
}
