import { defineConfig } from "@playwright/test";
import { requireChromium } from "./scripts/find-chromium";

const PORT = Number(process.env.E2E_PORT ?? 3200);

// End-to-end tests drive a local Chromium (scripts/find-chromium.ts; one line and exit 1 when there is none) against a production build (`npm run build` first) on a fresh
// PGlite database seeded with the demo portfolio. No browser is ever downloaded.
export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.MODELGATE_REPORT_DIR
    ? [["list"], ["json", { outputFile: `${process.env.MODELGATE_REPORT_DIR}/playwright.json` }]]
    : [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: requireChromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `rm -rf data/e2e data/e2e-artifacts && node scripts/start.mjs`,
    url: `http://localhost:${PORT}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      PORT: String(PORT),
      LOG_LEVEL: "warn",
      MODELGATE_DATA_DIR: "data/e2e",
      MODELGATE_ARTIFACT_DIR: "data/e2e-artifacts",
      NEXTAUTH_SECRET: "e2e-secret-for-tests-only-0123456789",
      DATABASE_URL: "",
    },
    stdout: "pipe",
  },
});
