import { expect, test } from "@playwright/test";
import { DEMO, expectSignedIn, signIn } from "./fixtures/users";

test("a data scientist registers a model and a version from the UI, then finds it by search and filters", async ({
  page,
}) => {
  const slug = `fraud-graph-${Date.now().toString(36)}`;
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
  await page.getByRole("link", { name: "Register a model" }).click();

  const form = page.getByRole("form", { name: "Register a model" });
  await form.getByLabel("Name (slug)").fill("Not A Slug");
  await form.getByLabel("Title").fill("Fraud graph embeddings");
  await form.getByRole("button", { name: "Register the model" }).click();
  await expect(form.getByText(/lowercase letters, digits and hyphens, starting with a letter/)).toBeVisible();

  await form.getByLabel("Name (slug)").fill(slug);
  await form.getByLabel("Criticality").selectOption("MISSION_CRITICAL");
  await form.getByLabel("Tags").fill("fraud, graph");
  await form
    .getByLabel("Description (markdown)")
    .fill("Graph **embeddings** for fraud rings. <script>alert(1)</script>");
  await form.getByRole("button", { name: "Register the model" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}$`));
  await expect(page.getByRole("heading", { name: "Fraud graph embeddings" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "embeddings" })).toBeVisible();
  await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
  await expect(page.getByTestId("owners")).toContainText("Alice Martin");

  await page.getByRole("link", { name: "Register a version" }).click();
  const vf = page.getByRole("form", { name: "Register a version" });
  await vf.getByLabel("Artifact URI").fill("s3://artifacts/fraud-graph/v1/model.pt");
  await vf.getByLabel("Framework").fill("pytorch 2.4");
  await vf.getByLabel("Git commit").fill("zzz");
  await vf.getByLabel("Metric 1 value").fill("0.91");
  await vf.getByLabel("Feature 1 name").fill("degree");
  await vf.getByLabel("Feature 1 min").fill("10");
  await vf.getByLabel("Feature 1 max").fill("1");
  await vf.getByRole("button", { name: "Register the version" }).click();
  await expect(vf.getByText("A git commit is 7–40 hex characters.")).toBeVisible();
  await expect(vf.getByText(/featureSchema\.0\.max: max must be ≥ min/)).toBeVisible();
  await vf.getByLabel("Git commit").fill("1a2b3c4d");
  await vf.getByLabel("Feature 1 max").fill("1000");
  await vf.getByRole("button", { name: "Register the version" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/versions/1$`));
  await expect(page.getByTestId("metrics-table")).toContainText("0.91");
  await expect(page.getByTestId("feature-schema")).toContainText("degree");
  await expect(page.getByTestId("gate-checklist")).toContainText("Gate to Industrialization");
  await page.screenshot({ path: "test-results/screens/version-page.png", fullPage: true });

  await page.goto("/models");
  await page.getByLabel("Search").fill("graph");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("models-table")).toContainText(slug);
  await page.getByLabel("Criticality").selectOption("INTERNAL");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No model matches these filters.")).toBeVisible();
  await page.getByLabel("Criticality").selectOption("MISSION_CRITICAL");
  await page.getByLabel("Stage").selectOption("DESIGN");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("models-table").getByRole("row")).toHaveCount(2); // header + our model
  await expect(page.getByTestId("models-table")).toContainText(slug);
  await page.screenshot({ path: "test-results/screens/models-list.png", fullPage: true });
});
