import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, signIn } from "./fixtures/users";

// Runs before operations.spec.ts (files run in name order, one worker), while credit-default-scoring v3 is
// still live and in the middle of its drift episode.

test("a drifting model: drifted features flagged, the distribution overlay, and a file compared with the reference", async ({
  page,
}) => {
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.goto("/models/credit-default-scoring/versions/3/monitoring");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v3");

  // The latest window's drift: income and employment_type moved (the seeded episode), the stable features did not.
  const driftCard = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Drift per feature over windows" }) });
  await expect(driftCard.getByText(/^Drifted in the latest window:/)).toHaveText(
    "Drifted in the latest window: income, debt_to_income, employment_type",
  );

  // The explorer lists drifted features first, flagged, and draws reference vs latest-window bars.
  const explorer = page.getByTestId("distribution-explorer").first();
  const features = explorer.getByRole("list", { name: "Features" });
  await expect(features.getByRole("button").first()).toContainText("drift");
  const income = features.getByRole("button", { name: /^income/ });
  await expect(income).toContainText("drift");
  await income.click();
  await expect(explorer).toContainText(/income · decided by \w+/);
  await expect(explorer).toContainText("drifted");
  // Recharts orders legend entries as it pleases; what matters is that both sides are drawn and named.
  expect((await explorer.locator(".recharts-legend-item-text").allInnerTexts()).sort()).toEqual([
    "Latest window",
    "Reference",
  ]);
  expect(await explorer.locator(".recharts-bar-rectangle").count()).toBeGreaterThanOrEqual(10); // two bars per bin
  await features.getByRole("button", { name: /^region/ }).click();
  await expect(explorer).toContainText(/region · decided by \w+.*no drift/);

  // The heatmap has one row per feature; the dataset-drift stat says how many features drifted.
  await expect(page.getByText(/\d+ of \d+ features drifted/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/monitoring-drift.png", fullPage: true });

  // Compare a file: 2,000 applicants shaped like the drift episode (lower incomes, gig workers), one unseen column.
  const rows = Array.from({ length: 2_000 }, (_, i) => {
    const income = 18_000 + ((i * 7919) % 30_000);
    const employment = i % 4 === 0 ? "gig" : i % 4 === 1 ? "salaried" : i % 4 === 2 ? "self_employed" : "salaried";
    return `${income},${(0.3 + (i % 50) / 100).toFixed(3)},${100 + (i % 80)},${3 + (i % 7)},${employment},${["north", "south", "east", "west"][i % 4]},${((i % 100) / 100).toFixed(2)},campaign-${i % 3}`;
  });
  const csv = [
    "income,debt_to_income,credit_history_months,open_accounts,employment_type,region,prediction,utm",
    ...rows,
  ].join("\n");
  const compare = page.getByTestId("compare-file");
  await compare
    .getByLabel("File to compare with the reference")
    .setInputFiles({ name: "applicants-week-47.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const result = compare.getByTestId("compare-result");
  await expect(result).toBeVisible();
  await expect(result).toContainText("2,000");
  await expect(result).toContainText("applicants-week-47.csv");
  const findings = result.getByRole("list", { name: "Data-quality findings" });
  await expect(findings).toContainText("Columns that are not features (ignored): utm");
  await expect(findings).toContainText("employment_type: categories never seen in training (gig) in 25 % of rows");
  const incomeRow = result.getByRole("row").filter({ has: page.getByRole("cell", { name: "income", exact: true }) });
  await expect(incomeRow).toContainText("drifted");
  await expect(result.locator(".recharts-legend-item-text")).toHaveCount(2);
  expect((await result.locator(".recharts-legend-item-text").allInnerTexts()).sort()).toEqual([
    "Reference",
    "Your file",
  ]);
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/monitoring-compare.png", fullPage: true });

  // A malformed file is refused with the row named, and nothing else changes on the page.
  await compare.getByLabel("File to compare with the reference").setInputFiles({
    name: "broken.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("income,region\n1,north\n2,south,extra\n"),
  });
  await expect(compare.getByRole("alert")).toContainText("Row 1 (line 3) has 3 fields; the header has 2.");
});

test("managers see the monitoring tab but cannot upload files, nor change the model of their own team", async ({
  page,
}) => {
  await signIn(page, DEMO.manager.email);
  await expectSignedIn(page, DEMO.manager.name);
  await page.goto("/models/credit-default-scoring/versions/3/monitoring");
  await expect(page.getByTestId("distribution-explorer").first()).toBeVisible();
  await expect(page.getByTestId("compare-file")).toHaveCount(0);
  // Farid manages the model's team (model access) but holds no permission to register, edit or archive.
  await page.goto("/models/credit-default-scoring");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Credit default scoring");
  await expect(page.getByRole("link", { name: "Register a version" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit details" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive", exact: true })).toHaveCount(0);
});
