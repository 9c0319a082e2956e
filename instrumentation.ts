// Runs once when a server instance starts, before it handles requests: open the database, apply
// migrations (refusing to start on a checksum mismatch), seed the demo on an empty database.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/server/startup/start-server");
    const { seedDemoPortfolio } = await import("./prisma/seed/seed-demo");
    await startServer({ seedDemo: seedDemoPortfolio });
  }
}
