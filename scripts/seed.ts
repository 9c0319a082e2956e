/**
 * `npm run db:seed`: applies migrations and writes the demo portfolio into an empty database.
 * On PGlite, stop the server first (one process at a time may open the data directory).
 */
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { isDatabaseEmpty, seedDemoPortfolio } from "@/prisma/seed/seed-demo";

async function main() {
  const { prisma } = await openDatabase();
  if (!(await isDatabaseEmpty(prisma))) {
    console.log("The database already has users; the demo portfolio is only written into an empty database.");
    return;
  }
  const t0 = Date.now();
  const summary = await seedDemoPortfolio(prisma);
  if (!summary) console.log("Another process seeded the database meanwhile; nothing written.");
  else console.log(`Seeded the demo portfolio in ${Date.now() - t0} ms:`, summary);
}

main()
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
