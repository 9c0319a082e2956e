import "server-only";
import { openDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { isDatabaseEmpty, seedDemoPortfolio } from "@/prisma/seed/seed-demo";
import { startJobs } from "../jobs/scheduler";
import { registerBackgroundJobs } from "../jobs/register-background-jobs";

/**
 * Start-up work, in order. A migration problem stops the process with the reason: serving on a
 * database whose history does not match the code would corrupt it.
 */
export async function startServer(): Promise<void> {
  const env = getEnv();
  const t0 = Date.now();
  try {
    const { prisma, connection } = await openDatabase();
    console.log(`[modelgate] database ready (${connection.kind}) in ${Date.now() - t0} ms`);
    if (env.MODELGATE_SEED === "demo" && (await isDatabaseEmpty(prisma))) {
      const t1 = Date.now();
      const s = await seedDemoPortfolio(prisma);
      console.log(`[modelgate] seeded the demo portfolio (${s.models} models, ${s.versions} versions, ${s.metricPoints} metric points) in ${Date.now() - t1} ms`);
    }
  } catch (err) {
    console.error(`[modelgate] cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (env.MODELGATE_WORKERS === "on") {
    await registerBackgroundJobs();
    startJobs();
  }
}
