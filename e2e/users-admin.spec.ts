import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, PASSWORD, signIn } from "./fixtures/users";

test("an administrator creates a user, who can then sign in; bad input is shown by field", async ({
  page,
  browser,
}) => {
  await signIn(page, DEMO.admin.email);
  await expectSignedIn(page, DEMO.admin.name);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();

  await page.getByRole("button", { name: "Add a user" }).click();
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Choose an initial password").check();
  await form.getByLabel("Name").fill("Jo Tester");
  await form.getByLabel("Email").fill("alice@modelgate.local");
  await form.getByLabel(/^Initial password/).fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("Use at least 12 characters.")).toBeVisible();

  await form.getByLabel(/^Initial password/).fill("a-long-enough-password");
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

test("an administrator invites a user with a one-time link; the user chooses a password and signs in; the link then says it was used", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // two browsers, two sign-ins and a sudo prompt
  const violations: string[] = [];
  await signIn(page, DEMO.admin.email);
  await expectSignedIn(page, DEMO.admin.name);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add a user" }).click();
  const form = page.getByRole("form", { name: "Add a user" });
  // Invitation is the default: no password field at all.
  await expect(form.getByLabel("Invite with a set-your-password link")).toBeChecked();
  await expect(form.getByLabel(/^Initial password/)).toHaveCount(0);
  await form.getByLabel("Name").fill("Kim Lee");
  await form.getByLabel("Email").fill("kim@modelgate.local");
  await form.getByRole("button", { name: "Create and get link" }).click();
  const sudo = page.getByTestId("sudo-prompt");
  await sudo.getByLabel("Your password").fill(PASSWORD);
  await sudo.getByRole("button", { name: "Confirm" }).click();

  const notice = page.getByTestId("invite-link");
  await expect(notice).toContainText("kim@modelgate.local");
  const link = await notice.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{43}$/);
  await notice.getByRole("button", { name: "Copy link" }).click();
  await expect(
    notice.getByRole("button", { name: "Copied" }).or(notice.getByText("select the link and copy it by hand")),
  ).toBeVisible();
  await expect(page.getByTestId("user-row-kim@modelgate.local")).toContainText("Invited");
  await page.screenshot({ path: "test-results/screens/settings-users-invite.png", fullPage: true });

  // The invited person, in a browser with no session.
  const guest = await browser.newPage();
  guest.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await guest.goto(link);
  const accept = guest.getByRole("form", { name: "Set your password" });
  await expect(accept).toContainText("Welcome, Kim Lee");
  await expect(accept).toContainText("kim@modelgate.local");
  await accept.getByLabel(/^Password/).fill("short");
  await accept.getByLabel("Repeat the password").fill("short");
  await accept.getByRole("button", { name: "Set password" }).click();
  await expect(accept.getByText("Use at least 12 characters.")).toBeVisible();
  await accept.getByLabel(/^Password/).fill("kims-own-password-1");
  await accept.getByLabel("Repeat the password").fill("kims-own-password-2");
  await accept.getByRole("button", { name: "Set password" }).click();
  await expect(accept.getByText("The two passwords differ.")).toBeVisible();
  await accept.getByLabel("Repeat the password").fill("kims-own-password-1");
  await accept.getByRole("button", { name: "Set password" }).click();
  await expect(guest).toHaveURL(/\/login\?invited=done/);
  await expect(guest.getByRole("status")).toContainText("Your password is set");
  await signIn(guest, "kim@modelgate.local", "kims-own-password-1");
  await expectSignedIn(guest, "Kim Lee");

  // The link is spent; a made-up one is unknown. Both say so, readably, with no error page.
  await guest.goto(link);
  await expect(guest.getByTestId("invite-used")).toContainText("already used");
  await guest.goto("/invite/not-a-real-invitation-token-at-all-000000");
  await expect(guest.getByTestId("invite-unknown")).toContainText("not valid");
  await guest.screenshot({ path: "test-results/screens/invite-unknown.png", fullPage: true });
  await guest.close();

  await page.reload();
  await expect(page.getByTestId("user-row-kim@modelgate.local")).toContainText("Active");
  expect(violations).toEqual([]);
});
