/**
 * Production day one (issue 15): a fresh, empty database without the demo → /setup → sign in → create an
 * API token from the "Use with MLflow" page → see it once. Runs its own server (MODELGATE_SEED=none) on a
 * fresh PGlite directory beside the shared demo server. Screenshots go to $E2E_SHOTS_DIR when set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

const PORT = Number(process.env.E2E_SETUP_PORT ?? 3210);
const BASE = `http://localhost:${PORT}`;
const SHOTS = process.env.E2E_SHOTS_DIR;
const ADMIN = { name: "Olivia Ops", email: "olivia@example.com", password: "a-strong-first-password" };

let server: ChildProcess;
let dataDir: string;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mg-first-run-"));
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(PORT),
      MODELGATE_DATA_DIR: path.join(dataDir, "pglite"),
      MODELGATE_SEED: "none",
      DATABASE_URL: "",
      NEXTAUTH_URL: BASE,
      NEXTAUTH_SECRET: "e2e-first-run-secret-0123456789",
    },
  });
  server.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const until = Date.now() + 100_000;
  for (;;) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until || server.exitCode !== null)
      throw new Error(`the first-run server did not start:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("fresh database → /setup → sign in → create a token → see it once", async ({ page }) => {
  // Every page leads to the one-time setup while there is no user.
  await page.goto(`${BASE}/models`);
  await expect(page).toHaveURL(`${BASE}/setup`);
  await page.goto(`${BASE}/login`);
  await expect(page).toHaveURL(`${BASE}/setup`);
  const form = page.getByRole("form", { name: "Create the first administrator" });
  await expect(form).toBeVisible();

  // Per-field errors with the rules of Settings → Users.
  await form.getByLabel("Name").fill(ADMIN.name);
  await form.getByLabel("Email").fill("not-an-email");
  await form.locator('input[name="password"]').fill("short");
  await form.locator('input[name="confirm"]').fill("short");
  await form.getByRole("button", { name: "Create administrator" }).click();
  await expect(form.getByText("Enter a valid email address.")).toBeVisible();
  await expect(form.getByText("Use at least 12 characters.")).toBeVisible();
  await shoot(page, "setup-errors");

  await form.getByLabel("Email").fill(ADMIN.email);
  await form.locator('input[name="password"]').fill(ADMIN.password);
  await form.locator('input[name="confirm"]').fill(ADMIN.password);
  await form.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(`${BASE}/login?setup=done`);
  await expect(page.getByRole("status")).toContainText("administrator account is ready");
  await shoot(page, "setup-done-login");

  // /setup is gone for good.
  expect((await page.request.get(`${BASE}/setup`)).status()).toBe(404);

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${BASE}/overview`);

  // The MLflow page leads to a prefilled token form.
  await page.goto(`${BASE}/mlflow`);
  await page.getByTestId("mlflow-create-token").click();
  await expect(page).toHaveURL(`${BASE}/settings/tokens?new=mlflow`);
  const create = page.getByRole("form", { name: "Create an API token" });
  await expect(create.getByLabel("Name")).toHaveValue("MLflow client");
  await expect(create.getByLabel("Expires in (days)")).toHaveValue("90");
  await create.getByRole("button", { name: "Create token" }).click();

  const panel = page.getByTestId("new-token-panel");
  await expect(panel).toContainText("it will not be shown again");
  const token = await panel.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^mg_[\w-]{40,}$/);
  await shoot(page, "token-shown-once");

  // It works as a bearer token.
  const teams = await page.request.get(`${BASE}/api/v1/teams`, { headers: { authorization: `Bearer ${token}` } });
  expect(teams.status()).toBe(200);

  // Once dismissed, only the prefix remains, and a reload cannot bring the token back.
  await panel.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByTestId("new-token-panel")).toHaveCount(0);
  await expect(page.getByTestId("tokens-table")).toContainText("MLflow client");
  await page.reload();
  await expect(page.getByTestId("tokens-table")).toContainText(`${token.slice(0, 9)}…`);
  expect(await page.content()).not.toContain(token);
  await shoot(page, "tokens-list");
});
