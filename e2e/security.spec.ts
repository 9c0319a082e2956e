import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectSignedIn, PASSWORD, signIn } from "./fixtures/users";

/**
 * Issue 16, finding 6: every page renders under the Content-Security-Policy with no violation, and no page
 * can be framed (the approve buttons could be).
 */
const SHOTS = process.env.MODELGATE_SHOTS_DIR;

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text()))
      violations.push(`${page.url()}: ${m.text()}`);
  });
  // Also the DOM event, which reports violations the console may word differently.
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return violations;
}

test("every page loads under the CSP without a violation, with the security headers", async ({ page }) => {
  const violations = watchCsp(page);
  const login = await page.goto("/login");
  const headers = login!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");

  await signIn(page, DEMO.admin.email);
  await expectSignedIn(page, DEMO.admin.name);
  const model = await (await page.request.get("/api/v1/models/credit-default-scoring")).json();
  const slug = model.slug as string;
  const version = model.latestVersion.number as number;
  const api = await page.request.get("/api/v1/models");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");

  const paths = [
    "/overview",
    "/models",
    "/models/new",
    `/models/${slug}`,
    `/models/${slug}/versions/new`,
    `/models/${slug}/versions/${version}`,
    `/models/${slug}/versions/${version}/monitoring`,
    "/promotions",
    "/approvals",
    "/handoffs",
    "/alerts",
    "/audit",
    "/mlflow",
    "/api-docs",
    "/settings/users",
    "/settings/tokens",
    "/settings/policies",
    "/settings/webhooks",
  ];
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    // The app hydrated (its scripts ran under the nonce): the signed-in frame is interactive.
    await expect(page.getByTestId("current-user"), path).toContainText(DEMO.admin.name);
  }
  expect(violations).toEqual([]);
});

test("a framed page refuses to render", async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on("console", (m) => refused.push(m.text()));
  await page.setContent(`<iframe id="f" src="${baseURL}/login" width="800" height="600"></iframe>`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  // Chromium replaces a frame refused by frame-ancestors / X-Frame-Options with its error page.
  expect(await frame?.locator("text=Sign in").count()).toBe(0);
  expect(refused.join("\n")).toMatch(/frame-ancestors|X-Frame-Options|Refused to (display|frame)/i);
});

test("granting the administrator role asks for the admin's password first (sudo mode)", async ({ page }) => {
  const violations = watchCsp(page);
  await signIn(page, DEMO.admin.email);
  await expectSignedIn(page, DEMO.admin.name);
  await page.goto("/settings/users");
  const row = page.getByTestId(`user-row-${DEMO.manager.email}`);
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByTestId(`user-edit-${DEMO.manager.email}`);
  await edit.getByLabel("Administrator").check();
  await edit.getByRole("button", { name: "Save" }).click();
  const sudo = edit.getByTestId("sudo-prompt");
  await expect(sudo).toContainText("Confirm your password to grant the administrator role");
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sudo-prompt-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await sudo.getByLabel("Your password").fill("not-my-password");
  await sudo.getByRole("button", { name: "Confirm" }).click();
  await expect(sudo.getByRole("alert")).toHaveText("Wrong password.");
  await sudo.getByLabel("Your password").fill(PASSWORD);
  await sudo.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId(`user-row-${DEMO.manager.email}`)).toContainText("Administrator");
  // Put the demo back for the specs that follow (dropping a role needs no sudo).
  await page.getByTestId(`user-row-${DEMO.manager.email}`).getByRole("button", { name: "Edit" }).click();
  await edit.getByLabel("Administrator").uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId(`user-row-${DEMO.manager.email}`)).not.toContainText("Administrator");
  expect(violations).toEqual([]);
});
