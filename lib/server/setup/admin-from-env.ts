import "server-only";
import { readFileSync } from "node:fs";
import type { Db } from "@/lib/db/client";
import type { TEnv } from "@/lib/env";
import { ZCreateUserRequest } from "@/lib/schemas/users";
import { bootstrapAdmin, type BootstrapOutcome } from "./first-admin";

/** The first administrator named by the start-up variables, validated with the rules of Settings → Users. */
export function readAdminFromEnv(env: TEnv): { email: string; password: string; name?: string } | null {
  const { MODELGATE_ADMIN_EMAIL: email, MODELGATE_ADMIN_PASSWORD: inline, MODELGATE_ADMIN_PASSWORD_FILE: file } = env;
  if (!email && !inline && !file) return null;
  if (!email) throw new Error("MODELGATE_ADMIN_PASSWORD(_FILE) is set but MODELGATE_ADMIN_EMAIL is not.");
  if (inline && file) throw new Error("Set MODELGATE_ADMIN_PASSWORD or MODELGATE_ADMIN_PASSWORD_FILE, not both.");
  let password = inline;
  if (file) {
    try {
      // A mounted secret usually ends with a newline that is not part of the password.
      password = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      throw new Error(
        `MODELGATE_ADMIN_PASSWORD_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}).`,
      );
    }
  }
  if (!password)
    throw new Error("MODELGATE_ADMIN_EMAIL is set without MODELGATE_ADMIN_PASSWORD or MODELGATE_ADMIN_PASSWORD_FILE.");
  const checked = ZCreateUserRequest.shape.password.safeParse(password);
  if (!checked.success)
    throw new Error(`The first administrator's password is refused: ${checked.error.issues[0]?.message ?? "invalid"}`);
  return { email, password, ...(env.MODELGATE_ADMIN_NAME ? { name: env.MODELGATE_ADMIN_NAME } : {}) };
}

/** One log line per outcome; the password never appears in it. */
export function describeBootstrap(email: string, outcome: BootstrapOutcome): string {
  switch (outcome.kind) {
    case "created":
      return `created the first administrator ${email} from MODELGATE_ADMIN_EMAIL`;
    case "admin-exists":
      return `MODELGATE_ADMIN_EMAIL ignored: the database already has an active administrator (no user changed)`;
    case "email-taken":
      return `MODELGATE_ADMIN_EMAIL ignored: a user with ${email} already exists and is left unchanged (no active administrator: use \`npm run users\`)`;
  }
}

export async function bootstrapAdminFromEnv(env: TEnv, db?: Db): Promise<string | null> {
  const admin = readAdminFromEnv(env);
  if (!admin) return null;
  const outcome = await bootstrapAdmin(admin, { db });
  return describeBootstrap(admin.email.toLowerCase(), outcome);
}
