import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, signIn, signOut } from "./fixtures/users";

const BRUNO = { email: "bruno@modelgate.local", name: "Bruno Keller" };
const EMMA = { email: "emma@modelgate.local", name: "Emma Rossi" };

const CHECKLIST: [label: string, answer: string][] = [
  ["Runbook link", "https://wiki.example.com/runbooks/churn-propensity"],
  [
    "Monitoring and alert thresholds agreed",
    "AUC below 0.75 over 24 h pages the on-call; latency p95 above 250 ms warns.",
  ],
  ["Rollback plan", "Roll back to v1 from the model page; the feature schema did not change."],
  ["Retraining strategy", "Monthly retraining on the last 12 months of subscriptions, or on a drift alert."],
  ["On-call contact", "ml-platform on-call rotation (#ml-oncall)"],
  ["Known limitations", "Not validated for business subscribers."],
];

test("a data scientist hands a live model to IT, IT accepts it from the overview, the manager's warning disappears", async ({
  page,
}) => {
  // The demo's churn-propensity runs in production without an IT owner: every overview flags it.
  await signIn(page, BRUNO.email);
  await expectSignedIn(page, BRUNO.name);
  await expect(page.getByTestId("warning-NO_IT_OWNER-churn-propensity")).toBeVisible();

  await page.goto("/models/churn-propensity");
  const card = page.getByTestId("handoffs-card");
  await page.getByRole("button", { name: "Propose a handoff" }).click();
  const form = page.getByRole("form", { name: "Propose a handoff" });
  await form.getByRole("combobox", { name: /^Receiver/ }).selectOption({ label: EMMA.name });
  // An unanswered checklist is refused item by item.
  await form.getByLabel("Runbook link").fill("our wiki");
  await form.getByRole("button", { name: "Send the handoff" }).click();
  await expect(form.getByText("Give the runbook as an http(s) URL", { exact: false })).toBeVisible();
  await expect(form.getByText("Answer “Rollback plan” before sending the handoff.")).toBeVisible();
  for (const [label, answer] of CHECKLIST) await form.getByLabel(label).fill(answer);
  await form.getByLabel("Your note").fill("Live since September; please take over operations.");
  await form.getByRole("button", { name: "Send the handoff" }).click();
  await expect(card.getByTestId("pending-handoff")).toContainText(EMMA.name);
  await expect(card.getByTestId("handoff-checklist")).toContainText("#ml-oncall");
  await signOut(page);

  // Emma sees it waiting on her home page and accepts it.
  await signIn(page, EMMA.email);
  await expectSignedIn(page, EMMA.name);
  const waiting = page.getByTestId("waiting-on-you").getByTestId("waiting-handoff-churn-propensity");
  await expect(waiting).toContainText(BRUNO.name);
  await waiting.getByRole("link").click();
  await expect(page).toHaveURL(/\/models\/churn-propensity/);
  await page.getByTestId("pending-handoff").getByRole("button", { name: "Accept the handoff" }).click();
  await expect(page.getByTestId("owners")).toContainText(EMMA.name);
  await expect(page.getByTestId("handoff-history")).toContainText("accepted");
  await expect(page.getByTestId("pending-handoff")).toHaveCount(0);
  await signOut(page);

  // The manager's overview no longer lists churn-propensity as lacking an IT owner.
  await signIn(page, DEMO.manager.email);
  await expectSignedIn(page, DEMO.manager.name);
  await expect(page.getByTestId("ownership-warnings")).toBeVisible();
  await expect(page.getByTestId("warning-ORPHANED-call-center-volume-forecast")).toBeVisible();
  await expect(page.getByTestId("warning-NO_IT_OWNER-churn-propensity")).toHaveCount(0);
  await expect(page.getByTestId("matrix-row-churn-propensity")).toContainText(EMMA.name);
  // Every chart on the overview shows real data, not an empty frame.
  for (const name of [
    "versions by stage",
    "Models by health and criticality",
    "Time in stage",
    "Lead time to production",
  ]) {
    await expect(page.getByRole("figure", { name }).locator(".recharts-bar-rectangle").first(), name).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screens/overview-manager.png", fullPage: true });
});
