import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TRole } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { AuditActor } from "../audit/append-audit-event";
import { appendAuditEvent } from "../audit/append-audit-event";
import { hashPassword } from "../auth/password";

/**
 * Serialises everything that decides "is this database still empty?": the first administrator (start-up
 * variables, the /setup page, the CLI) and the demo seed. A transaction-scoped advisory lock, so several
 * instances (or ten browsers on /setup) agree on one answer: the first transaction in decides, the others
 * wait, then see its committed rows.
 */
export const BOOTSTRAP_LOCK_ID = 72707370;

export const SYSTEM_ACTOR: AuditActor = { kind: "system", name: "system" };

export async function takeBootstrapLock(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_ID})`;
}

type NewUser = { email: string; name: string; password: string; roles: TRole[]; teamId?: string | null };

/** Inserts a user with an scrypt hash and audits `user.created` as the system, with how it came (`via`). */
export async function insertUserAsSystem(
  tx: Tx,
  input: Omit<NewUser, "password"> & { passwordHash: string },
  via: string,
): Promise<{ id: string }> {
  const user = await tx.user.create({
    data: {
      email: input.email,
      name: input.name,
      roles: input.roles,
      teamId: input.teamId ?? null,
      passwordHash: input.passwordHash,
    },
    select: { id: true },
  });
  await appendAuditEvent(tx, {
    actor: SYSTEM_ACTOR,
    action: "user.created",
    entityType: "user",
    entityId: user.id,
    after: { email: input.email, name: input.name, roles: input.roles, teamId: input.teamId ?? null },
    metadata: { via },
  });
  return user;
}

// Users are never deleted: once one exists, the answer never changes back, so a process may remember it.
const g = globalThis as unknown as { __modelgateHasUsers?: boolean };

/** True while the database has no user at all: every page then leads to /setup. Cheap once false. */
export async function isSetupPending(db?: Db): Promise<boolean> {
  if (g.__modelgateHasUsers) return false;
  const any = await (db ?? (await getDb())).user.findFirst({ select: { id: true } });
  if (any) g.__modelgateHasUsers = true;
  return !any;
}

/** Tests share one process across databases. */
export function forgetSetupState(): void {
  g.__modelgateHasUsers = undefined;
}

export const ALREADY_SET_UP = "Modelgate is already set up: an account exists. Sign in instead.";

/**
 * The /setup page's one write: creates the first administrator, only while the database has no user at all.
 * Of concurrent submissions (one instance or several) exactly one succeeds; the others get CONFLICT.
 */
export async function completeSetup(
  input: { email: string; name: string; password: string },
  opts: { db?: Db } = {},
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  const created = await runTransaction(
    async (tx) => {
      await takeBootstrapLock(tx);
      if (await tx.user.findFirst({ select: { id: true } })) throw new AppError("CONFLICT", ALREADY_SET_UP);
      return insertUserAsSystem(tx, { email: input.email, name: input.name, roles: ["ADMIN"], passwordHash }, "setup");
    },
    { db: opts.db },
  );
  g.__modelgateHasUsers = true;
  return created;
}

export type BootstrapOutcome = { kind: "created"; userId: string } | { kind: "admin-exists" } | { kind: "email-taken" };

/**
 * MODELGATE_ADMIN_EMAIL/PASSWORD at start: creates an active ADMIN when the database has no active
 * administrator. Never changes an existing user: when the email is already taken (by a deactivated or
 * non-admin account) nothing is written and the caller says so in the log.
 */
export async function bootstrapAdmin(
  input: { email: string; password: string; name?: string },
  opts: { db?: Db } = {},
): Promise<BootstrapOutcome> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return runTransaction(
    async (tx): Promise<BootstrapOutcome> => {
      await takeBootstrapLock(tx);
      const [{ n }] = await tx.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM "users" WHERE "active" AND 'ADMIN' = ANY("roles")`;
      if (n > 0) return { kind: "admin-exists" };
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) return { kind: "email-taken" };
      const user = await insertUserAsSystem(
        tx,
        { email, name: input.name ?? email.split("@")[0]!, roles: ["ADMIN"], passwordHash },
        "environment",
      );
      return { kind: "created", userId: user.id };
    },
    { db: opts.db },
  );
}
