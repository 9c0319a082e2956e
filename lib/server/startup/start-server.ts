import "server-only";
import { openDatabase } from "@/lib/db/client";
import { getEnv, type TEnv } from "@/lib/env";
import { parseGroupMap, parseRoleMap } from "@/lib/domain/rbac/oidc-mapping";
import { startJobs } from "../jobs/scheduler";
import { registerBackgroundJobs } from "../jobs/register-background-jobs";
import { getLogger } from "../log/logger";
import { bootstrapAdminFromEnv } from "../setup/admin-from-env";
import { isSetupPending } from "../setup/first-admin";
import { installShutdownHandlers } from "./shutdown";

/** A bad OIDC_ROLE_MAP / OIDC_TEAM_MAP stops the start with its reason rather than refusing every sign-in later. */
function checkOidcProvisioning(env: TEnv): void {
  if (env.OIDC_AUTO_PROVISION !== "true") return;
  try {
    if (!parseRoleMap(env.OIDC_ROLE_MAP).length) throw new Error("it is empty");
    parseGroupMap(env.OIDC_TEAM_MAP);
  } catch (err) {
    throw new Error(
      `OIDC_AUTO_PROVISION=true needs a valid OIDC_ROLE_MAP (and OIDC_TEAM_MAP if set): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Seeds the demo portfolio; null when another instance already did. */
export type TSeedDemo = (prisma: Awaited<ReturnType<typeof openDatabase>>["prisma"]) => Promise<object | null>;

/**
 * Start-up work, in order. A migration problem stops the process with the reason: serving on a
 * database whose history does not match the code would corrupt it. The demo seed is passed in by the caller
 * (instrumentation.ts): prisma/seed builds on lib/server, so lib/server must not import it back.
 */
export async function startServer({ seedDemo }: { seedDemo: TSeedDemo }): Promise<void> {
  const env = getEnv();
  const log = getLogger();
  const t0 = Date.now();
  try {
    checkOidcProvisioning(env);
    const { prisma, connection } = await openDatabase();
    log.info(
      { event: "database.ready", database: connection.kind, ms: Date.now() - t0 },
      `database ready (${connection.kind})`,
    );
    if (env.MODELGATE_SEED === "demo" && (await isSetupPending(prisma))) {
      const t1 = Date.now();
      // Under the bootstrap lock: of several instances starting together, one seeds and the others wait, then carry on.
      const s = await seedDemo(prisma);
      if (s) log.info({ event: "seed.done", ...s, ms: Date.now() - t1 }, "seeded the demo portfolio");
      else
        log.info(
          { event: "seed.skipped", ms: Date.now() - t1 },
          "another instance seeded the database; not seeding again",
        );
    }
    const bootstrap = await bootstrapAdminFromEnv(env, prisma);
    if (bootstrap) log.info({ event: "setup.admin_from_env" }, bootstrap);
    else if (await isSetupPending(prisma))
      log.warn({ event: "setup.pending" }, "no user yet: open /setup to create the first administrator");
  } catch (err) {
    log.fatal({ event: "start.failed" }, `cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (env.MODELGATE_WORKERS === "on") {
    await registerBackgroundJobs();
    startJobs();
  }
  installShutdownHandlers();
}
