import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, signIn } from "./fixtures/users";

test.describe("sign-in and roles", () => {
  for (const who of [DEMO.dataScientist, DEMO.itOps, DEMO.manager, DEMO.admin]) {
    test(`${who.role} signs in, sees the overview with real data, and signs out`, async ({ page }) => {
      await signIn(page, who.email);
      await expect(page).toHaveURL(/\/overview$/);
      await expectSignedIn(page, who.name);
      await expect(page.getByTestId("current-roles")).toContainText(who.role);
      await expect(page.getByRole("heading", { name: "Portfolio overview" })).toBeVisible();
      // Real data: the demo's live models are listed, with the drifting one flagged critical.
      const live = page.getByTestId("live-models");
      await expect(live).toContainText("credit-default-scoring");
      await expect(live.getByRole("row").filter({ hasText: "credit-default-scoring" })).toContainText("Critical");
      await expect(
        page.getByRole("figure", { name: "versions by stage" }).locator(".recharts-bar-rectangle").first(),
      ).toBeVisible();
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login/);
      await page.goto("/overview");
      await expect(page).toHaveURL(/\/login\?callbackUrl=%2Foverview/);
    });
  }

  test("a wrong password is refused with a clear message and no session", async ({ page }) => {
    await signIn(page, DEMO.admin.email, "not-the-password");
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/login/);
  });

  test("an unknown user gets the same message as a wrong password", async ({ page }) => {
    await signIn(page, "nobody@modelgate.local");
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
  });

  test("a deactivated user is refused and told why", async ({ page }) => {
    await signIn(page, DEMO.deactivated.email);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("deactivated");
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/login/);
  });

  test("only administrators see and open user management", async ({ page }) => {
    await signIn(page, DEMO.dataScientist.email);
    await expectSignedIn(page, DEMO.dataScientist.name);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/settings/users");
    await expect(page.getByRole("heading", { name: /do not have access/ })).toBeVisible();
    const api = await page.request.get("/api/v1/users");
    expect(api.status()).toBe(403);
    expect(api.headers()["content-type"]).toContain("application/problem+json");
  });
});
