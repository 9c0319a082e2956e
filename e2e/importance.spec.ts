import { expect, test, type Locator, type Page } from "@playwright/test";
import { summarizeImportanceChange } from "../lib/domain/importance/feature-importance";
import { DEMO_MODELS } from "../prisma/seed/demo-portfolio";
import { DEMO, expectSignedIn, signIn } from "./fixtures/users";

// Issue 19. Runs before monitoring.spec.ts and operations.spec.ts (name order), while credit-default-scoring v3
// is live and v4 is its challenger in UAT.
const SHOTS = process.env.MODELGATE_SHOTS_DIR ?? "test-results/screens";
const credit = DEMO_MODELS.find((m) => m.slug === "credit-default-scoring")!;
const expectedSummary = summarizeImportanceChange({
  version: 4,
  championVersion: 3,
  challenger: credit.versions[3]!.importance!.values,
  champion: credit.versions[2]!.importance!.values,
});

/** The feature names drawn over a chart's bars, top to bottom. */
async function axisLabels(chart: Locator): Promise<string[]> {
  const texts = await chart
    .locator("svg text.importance-feature")
    .evaluateAll((els) => els.map((e) => ({ t: e.textContent ?? "", y: e.getBoundingClientRect().y })));
  return texts.sort((a, b) => a.y - b.y).map((x) => x.t);
}

async function noSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, "the page scrolls sideways").toBeLessThanOrEqual(client);
}

/** Both charts and every bar lie inside the viewport (nothing of the charts is cut off or pushes the page wider). */
async function panelFits(page: Page) {
  const { rights, viewport } = await page.getByTestId("importance-panel").evaluate((el) => ({
    rights: [...el.querySelectorAll("[role=figure], .recharts-bar-rectangle path")].map(
      (e) => e.getBoundingClientRect().right,
    ),
    viewport: document.documentElement.clientWidth,
  }));
  expect(rights.length).toBeGreaterThanOrEqual(2 + 12);
  for (const r of rights) expect(r, "a chart or bar reaches past the viewport").toBeLessThanOrEqual(viewport);
}

test("the challenger's page shows its importances beside the champion's, with rank changes and a summary", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.goto("/models/credit-default-scoring/versions/4");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v4");

  const panel = page.getByTestId("importance-panel");
  await expect(panel.getByTestId("importance-summary")).toHaveText(expectedSummary);
  // Both charts drawn, one bar per feature of the schema (six), none empty.
  const own = panel.getByTestId("importance-own");
  const champion = panel.getByTestId("importance-champion");
  await expect(own.getByRole("heading")).toContainText("v4");
  await expect(champion.getByRole("heading")).toContainText("Champion v3");
  await expect(own.locator(".recharts-bar-rectangle")).toHaveCount(6);
  await expect(champion.locator(".recharts-bar-rectangle")).toHaveCount(6);
  await expect(own.getByText("No feature importance recorded.")).toHaveCount(0);
  // The most important feature first on each side, with its share.
  expect(await axisLabels(own)).toEqual([
    "debt_to_income",
    "income",
    "employment_type",
    "credit_history_months",
    "open_accounts",
    "region",
  ]);
  expect(await axisLabels(champion)).toEqual([
    "income",
    "debt_to_income",
    "credit_history_months",
    "region",
    "open_accounts",
    "employment_type",
  ]);
  await expect(own).toContainText("top 3: 76%");
  // region is outside the model's approved list: its bar is red, and the panel says why.
  await expect(panel.getByText(/Red bars: features outside the model's approved list/)).toBeVisible();
  const table = panel.getByTestId("rank-changes");
  await expect(table.locator("tbody tr")).toHaveCount(6);
  const row = (feature: string) =>
    table.locator("tbody tr").filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${feature}$`) }) });
  await expect(row("employment_type")).toContainText("↑ 3 (was 6th)");
  await expect(row("income")).toContainText("↓ 1 (was 1st)");
  await expect(row("region")).toContainText("↓ 2 (was 4th)");
  await panelFits(page);
  await noSidewaysScroll(page);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/importance-1440.png`, fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("importance-own").locator(".recharts-bar-rectangle")).toHaveCount(6);
  await expect(page.getByTestId("importance-champion").locator(".recharts-bar-rectangle")).toHaveCount(6);
  expect(await axisLabels(page.getByTestId("importance-own"))).toHaveLength(6);
  // Every bar has some width on a phone too (none collapsed to nothing).
  for (const w of await page
    .getByTestId("importance-own")
    .locator(".recharts-bar-rectangle path")
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width)))
    expect(w).toBeGreaterThan(1);
  // The panel must fit a phone's column. The page as a whole is still ~20 px wider than 390 px: the app shell keeps
  // its 223 px sidebar at every width (a known layout limit outside issue 19), which leaves ~130 px for content.
  await panelFits(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  test.info().annotations.push({ type: "page width at 390 px", description: String(width) });
  await page.getByTestId("importance-panel").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/importance-390.png`, fullPage: true });
});

test("the gate checklist shows the importance requirement, met or not and why; the drift view shows the weighted score", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  // fraud-detection-cards v4 heads for the mission-critical UAT gate (policy v2 requires importance) and has it.
  await page.goto("/models/fraud-detection-cards/versions/4");
  const met = page.getByTestId("gate-checklist").locator("li", { hasText: "Feature importance provided" });
  await expect(met).toHaveAttribute("data-met", "true");
  await expect(met).toContainText("permutation importances for 5 features");
  // atm-cash-anomaly v2 asks for the same gate without importances: not met, and it says how to send them.
  await page.goto("/models/atm-cash-anomaly/versions/2");
  const missing = page.getByTestId("gate-checklist").locator("li", { hasText: "Feature importance provided" });
  await expect(missing).toHaveAttribute("data-met", "false");
  await expect(missing).toContainText("POST /api/v1/versions/{id}/importance");
  await page.screenshot({ path: `${SHOTS}/importance-gate-1440.png`, fullPage: true });

  await page.goto("/models/credit-default-scoring/versions/3/monitoring");
  const weighted = page.getByTestId("weighted-drift");
  await expect(weighted).toHaveText(/^\d\.\d{3}$/);
  expect(Number(await weighted.innerText())).toBeGreaterThan(0.2);
});
