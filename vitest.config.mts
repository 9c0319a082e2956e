import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: pure unit tests (lib/domain) and integration tests that open a fresh database per file
// (in-memory PGlite, or a throwaway schema on PostgreSQL when TEST_DATABASE_URL is set).
// In CI, a JSON report per run feeds the one-line summary (scripts/ci-summary.mjs).
const reportDir = process.env.MODELGATE_REPORT_DIR;
const reportName = process.env.MODELGATE_REPORT_NAME ?? "vitest";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "."),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    // One JSON line per request at info would drown the test output; tests that check logs install their own logger.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    reporters: reportDir ? ["default", ["json", { outputFile: `${reportDir}/${reportName}.json` }]] : ["default"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts"], exclude: ["**/*.integration.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "app/**/*.integration.test.ts", "prisma/**/*.integration.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
    ],
  },
});
