import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, PASSWORD, expectSignedIn, signIn } from "./fixtures/users";

/** What mlflow.sklearn.log_model(..., registered_model_name=name) sends to Modelgate with the artifact proxy. */
async function logModel(request: APIRequestContext, name: string) {
  const auth = { authorization: `Basic ${Buffer.from(`${DEMO.dataScientist.email}:${PASSWORD}`).toString("base64")}` };
  const json = async (path: string, body: unknown) => {
    const r = await request.post(`/api/2.0/mlflow/${path}`, { headers: auth, data: body });
    expect(r.status(), await r.text()).toBe(200);
    return r.json();
  };
  const { experiment_id } = await json("experiments/create", { name: `${name}-exp` });
  const { run } = await json("runs/create", { experiment_id });
  const root = (run.info.artifact_uri as string).replace("mlflow-artifacts:/", "");
  const inputs =
    '[{"type": "double", "name": "amount", "required": true}, {"type": "long", "name": "age", "required": true}, {"type": "string", "name": "country", "required": false}]';
  const files: Record<string, string | Buffer> = {
    MLmodel: `artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    pickled_model: model.pkl\n    sklearn_version: 1.4.2\nsignature:\n  inputs: '${inputs}'\n  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'\n`,
    "model.pkl": Buffer.alloc(180_000, 3),
    "requirements.txt": "scikit-learn==1.4.2\n",
    "conda.yaml": "dependencies:\n- python=3.11\n",
  };
  for (const [rel, body] of Object.entries(files)) {
    const r = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${root}/model/${rel}`, {
      headers: { ...auth, "content-type": "application/octet-stream" },
      data: typeof body === "string" ? Buffer.from(body) : body,
    });
    expect(r.status(), await r.text()).toBe(200);
  }
  await json("registered-models/create", { name });
  return json("model-versions/create", { name, source: `mlflow-artifacts:/${root}/model`, run_id: run.info.run_id });
}

test("a model logged through the artifact proxy shows its files, digest and signature; its owner downloads them", async ({
  page,
  request,
}) => {
  const slug = `churn-proxy-${Date.now().toString(36)}`;
  const created = await logModel(request, slug);
  await signIn(page, DEMO.dataScientist.email);
  await expectSignedIn(page, DEMO.dataScientist.name);
  await page.goto(`/models/${slug}/versions/${created.model_version.version}`);
  const card = page.getByTestId("artifacts");
  await expect(card.getByTestId("artifact-digest")).toHaveText(/^sha256:[0-9a-f]{64}$/);
  await expect(card.getByTestId("artifact-files")).toContainText("model.pkl");
  await expect(card.getByTestId("artifact-files")).toContainText("175.8 KiB");
  await expect(card.getByTestId("model-signature")).toContainText("sklearn");
  await expect(card.getByTestId("model-signature")).toContainText("country");
  await expect(page.getByTestId("feature-schema")).toContainText("amount");
  const zip = page.getByTestId("download-zip");
  await expect(zip).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), zip.click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-v${created.model_version.version}.zip`);

  await page.getByTestId("artifacts").scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "/tmp/shots-i20/version-artifacts-1440.png", fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("artifacts").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/shots-i20/version-artifacts-390.png", fullPage: false });
});

test("someone of another team sees the files but is not offered the download", async ({ page, request }) => {
  const slug = `churn-proxy-m-${Date.now().toString(36)}`;
  const created = await logModel(request, slug);
  await signIn(page, "grace@modelgate.local"); // customer-analytics; the model is credit-risk's
  await expectSignedIn(page, "Grace Liu");
  await page.goto(`/models/${slug}/versions/${created.model_version.version}`);
  await expect(page.getByTestId("artifact-files")).toContainText("MLmodel");
  await expect(page.getByTestId("download-zip")).toHaveCount(0);
});

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
