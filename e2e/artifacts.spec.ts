
test("the MLflow setup page says Modelgate stores the models", async ({ page }) => {
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.goto("/mlflow");
  await expect(page.getByText("Modelgate stores the models")).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "/tmp/shots-i20/mlflow-setup-1440.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "/tmp/shots-i20/mlflow-setup-390.png", fullPage: false });
});
