import { describe, expect, it } from "vitest";
import {
  datasetFromInputs,
  deriveVersionEvidence,
  frameworkFromHistory,
  modelSettingsFromTags,
} from "./version-evidence";

const HISTORY = JSON.stringify([
  { artifact_path: "other", flavors: { python_function: {}, xgboost: { xgb_version: "2.0.3" } } },
  {
    artifact_path: "model",
    flavors: {
      python_function: { loader_module: "mlflow.sklearn" },
      sklearn: { pickled_model: "model.pkl", sklearn_version: "1.5.0" },
    },
  },
]);

describe("version evidence from a run", () => {
  it("takes finite metrics, params, the git commit, the flavour and the dataset", () => {
    const e = deriveVersionEvidence(
      {
        metrics: [
          { key: "auc", value: 0.91 },
          { key: "loss", value: Number.NaN },
        ],
        params: [{ key: "depth", value: "3" }],
        tags: [
          { key: "mlflow.source.git.commit", value: "ABCDEF1234" },
          { key: "mlflow.log-model.history", value: HISTORY },
        ],
        inputs: [{ dataset: { name: "train", source: JSON.stringify({ uri: "s3://lake/train.parquet" }) } }],
      },
      [],
      "./mlruns/1/abc/artifacts/model",
    );
    expect(e).toEqual({
      metrics: { auc: 0.91 },
      parameters: { depth: "3" },
      gitCommit: "abcdef1234",
      framework: "sklearn 1.5.0",
      trainingDataset: "s3://lake/train.parquet",
      featureSchemaJson: null,
      featureImportanceJson: null,
    });
  });

  it("lets modelgate.* version tags win and drops an invalid commit", () => {
    const e = deriveVersionEvidence(
      { metrics: [], params: [], tags: [{ key: "mlflow.source.git.commit", value: "not-a-sha" }], inputs: [] },
      [
        { key: "modelgate.framework", value: "torch 2.4" },
        { key: "modelgate.training_dataset", value: "s3://d" },
        { key: "modelgate.feature_schema", value: "[]" },
      ],
      "s3://x",
    );
    expect(e).toMatchObject({
      gitCommit: "",
      framework: "torch 2.4",
      trainingDataset: "s3://d",
      featureSchemaJson: "[]",
    });
    expect(deriveVersionEvidence(null, [{ key: "modelgate.git_commit", value: "1234567" }], "s").gitCommit).toBe(
      "1234567",
    );
  });

  it("reads flavours defensively", () => {
    expect(frameworkFromHistory(HISTORY, "s3://b/other")).toBe("xgboost 2.0.3");
    expect(frameworkFromHistory(HISTORY, "s3://b/elsewhere")).toBe("sklearn 1.5.0");
    expect(frameworkFromHistory("not json", "x")).toBe("");
    expect(frameworkFromHistory(JSON.stringify([{ flavors: { python_function: {} } }]), "x")).toBe("");
    expect(frameworkFromHistory(JSON.stringify([{ flavors: { onnx: {} } }]), "x")).toBe("onnx");
    expect(datasetFromInputs([{ dataset: { name: "n", source: "plain" } }])).toBe("plain");
    expect(datasetFromInputs([{ dataset: { name: "n", source: "{}" } }])).toBe("n");
    expect(datasetFromInputs([null, {}])).toBe("");
  });

  it("defaults new models to MISSION_CRITICAL / OTHER and reads the modelgate tags", () => {
    expect(modelSettingsFromTags([])).toEqual({ criticality: "MISSION_CRITICAL", problemType: "OTHER" });
    expect(
      modelSettingsFromTags([
        { key: "modelgate.criticality", value: "internal" },
        { key: "modelgate.problem_type", value: "classification" },
      ]),
    ).toEqual({ criticality: "INTERNAL", problemType: "CLASSIFICATION" });
    expect(modelSettingsFromTags([{ key: "modelgate.criticality", value: "high" }])).toHaveProperty("error");
  });
});
