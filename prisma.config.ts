// Prisma CLI configuration: the JavaScript schema engine over a driver adapter, so nothing is downloaded
// (DESIGN.md 1.1). Migrations are generated against a throwaway in-memory PGlite; the app applies them
// itself at start-up (lib/db/migrate.ts).
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

process.env.DATABASE_URL ??= "postgresql://modelgate@localhost:5432/modelgate";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPGlite(new PGlite()),
});
