import { describe, expect, it } from "vitest";
import { checkNonLocalSource } from "./source-check";

describe("checkNonLocalSource (MLflow's _validate_non_local_source_contains_relative_paths)", () => {
  it.each([
    "s3://bucket/models/1",
    "mlflow-artifacts:/1/abc/artifacts/model",
    "mlflow-artifacts://host:5000/1/abc/artifacts/model/",
    "runs:/abc/model",
    "models:/Fraud Model/3",
    "https://host/api/2.0/mlflow-artifacts/artifacts/1/x?y=1",
  ])("accepts %s", (s) => {
    expect(() => checkNonLocalSource(s)).not.toThrow();
  });
  it.each([
    "mlflow-artifacts://host:port/../../../../",
    "http://host:port/api/2.0/mlflow-artifacts/artifacts/../../../../",
    "s3:/my_bucket/models/path/../../other/path",
    "mlflow-artifacts://host:9000/models/..%2f..%2fartifacts",
    "mlflow-artifacts://host:9000/models/%252e%252e%252fx",
    "http://host:port/api/2.0/mlflow-artifacts/artifacts%00",
    "s3://b/./x",
    "s3://bucket",
  ])("refuses %s", (s) => {
    expect(() => checkNonLocalSource(s)).toThrow(
      /without relative path references present\. Please provide an absolute path\.$/,
    );
  });
});
