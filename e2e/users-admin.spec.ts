import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, PASSWORD, signIn } from "./fixtures/users";

test("an administrator creates a user, who can then sign in; bad input is shown by field", async ({ page, browser }) => {
  await signIn(page, DEMO.admin.email);
  await expectSignedIn(page, DEMO.admin.name);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();

  await page.getByRole("button", { name: "Add a user" }).click();
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Name").fill("Jo Tester");
  await form.getByLabel("Email").fill("alice@modelgate.local");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("Use at least 12 characters.")).toBeVisible();

  await form.getByLabel("Initial password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Create user" }).click();
  // Setting someone's password needs sudo mode: the administrator re-enters their own password once.
  const sudo = page.getByTestId("sudo-prompt");
  await expect(sudo).toContainText("Confirm your password");
  await sudo.getByLabel("Your password").fill(PASSWORD);
  await sudo.getByRole("button", { name: "Confirm" }).click();
  await expect(form.getByText("Already taken.")).toBeVisible();

  await form.getByLabel("Email").fill("jo@modelgate.local");
  await form.getByLabel("IT operations").check();
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("user-row-jo@modelgate.local")).toContainText("IT operations");

  const other = await browser.newPage();
  await signIn(other, "jo@modelgate.local", "a-long-enough-password");
  await expectSignedIn(other, "Jo Tester");
  await other.close();

  await page.screenshot({ path: "test-results/screens/settings-users.png", fullPage: true });
});
