import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { connect } from "@/lib/db/connect";
import { applyMigrations } from "@/lib/db/migrate";
import { backupPglite, restorePglite } from "./pglite-backup";

const dir = mkdtempSync(path.join(os.tmpdir(), "mg-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(dataDir: string) {
  const connection = await connect({ dataDir });
  await applyMigrations(connection.runner);
  const prisma = createPrismaClient(connection);
  return { prisma, close: async () => (await prisma.$disconnect(), await connection.close()) };
}

// PGlite only: the PostgreSQL pass (TEST_DATABASE_URL) has nothing to add here.
describe.skipIf(!!process.env.TEST_DATABASE_URL)("PGlite backup and restore", () => {
  it("round-trips the data directory: users, migrations history and later changes undone", async () => {
    const source = path.join(dir, "source");
    const a = await open(source);
    await a.prisma.team.create({ data: { slug: "risk", name: "Risk" } });
    await a.prisma.user.create({ data: { email: "kept@example.com", name: "Kept", roles: ["ADMIN"] } });
    await a.close();

    const file = path.join(dir, "backups", "modelgate.tar.gz");
    const { bytes } = await backupPglite(source, file);
    expect(bytes).toBeGreaterThan(1000);

    // A change after the backup, then a restore over it (refused without --force).
    const b = await open(source);
    await b.prisma.user.create({ data: { email: "after@example.com", name: "After", roles: ["DATA_SCIENTIST"] } });
    await b.close();
    await expect(restorePglite(file, source)).rejects.toThrow(/not empty: pass --force/);
    await restorePglite(file, source, { force: true });

    const c = await open(source);
    expect((await c.prisma.user.findMany({ orderBy: { email: "asc" } })).map((u) => u.email)).toEqual([
      "kept@example.com",
    ]);
    expect(await c.prisma.team.count()).toBe(1);
    await c.close();
    // The directory set aside during the restore is gone once it succeeded.
    expect(readdirSync(dir).filter((f) => f.startsWith("source.before-restore"))).toEqual([]);
  }, 120_000);
});
