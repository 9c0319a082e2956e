import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, signIn, signOut } from "./fixtures/users";

const BRUNO = { email: "bruno@modelgate.local", name: "Bruno Keller" };
const EMMA = { email: "emma@modelgate.local", name: "Emma Rossi" };

test("a data scientist requests promotion, an IT reviewer approves it from the queue, the requester sees it applied", async ({
  page,
}) => {
  await signIn(page, BRUNO.email);
  await expectSignedIn(page, BRUNO.name);
  await page.goto("/models/customer-lifetime-value/versions/3");
  await page.getByLabel(/Why is it ready/).fill("UAT with the finance team done.");
  await page.getByRole("button", { name: "Request promotion to Deployment" }).click();
  await expect(page.getByTestId("promotion-panel")).toContainText("Request to move to");
  await expect(page.getByTestId("gate-checklist")).toContainText("1 approval by IT operations");
  await signOut(page);

  await signIn(page, EMMA.email);
  await expectSignedIn(page, EMMA.name);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Promotions" }).click();
  const row = page.getByTestId("approval-queue").getByTestId("request-customer-lifetime-value-v3");
  await expect(row).toContainText("Bruno Keller");
  await page.screenshot({ path: "test-results/screens/promotions-queue.png", fullPage: true });
  await row.getByRole("link").click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Deployment");
  await signOut(page);

  await signIn(page, BRUNO.email);
  await expectSignedIn(page, BRUNO.name);
  await page.goto("/promotions");
  await expect(page.getByTestId("my-requests").getByTestId("request-customer-lifetime-value-v3")).toContainText(
    "applied",
  );
});

test("a manager rejects with a comment; the version stays in UAT and the requester sees why", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await expectSignedIn(page, DEMO.manager.name);
  await page.goto("/promotions");
  const row = page.getByTestId("approval-queue").getByTestId("request-credit-default-scoring-v4");
  await row.getByRole("link").click();
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("A rejection needs a comment saying what to fix.")).toBeVisible();
  await page.getByLabel("Your review comment").fill("Show the business impact of the new features first.");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Last request rejected", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("UAT");
  await signOut(page);

  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.goto("/promotions");
  await expect(page.getByTestId("my-requests").getByTestId("request-credit-default-scoring-v4")).toContainText(
    "Show the business impact",
  );
});
