import { describe, expect, it } from "vitest";
import { datasetUrl, gitCommitUrl, isGitWebUrlTemplate, mlflowRunPath } from "./lineage-links";

describe("gitCommitUrl", () => {
  const T = "https://github.com/org/repo/commit/{sha}";
  it("fills the template with the commit", () => {
    expect(gitCommitUrl(T, "ABCDEF1")).toBe("https://github.com/org/repo/commit/abcdef1");
    expect(
      gitCommitUrl(
        "https://gitlab.example/g/r/-/commit/{sha}?view=parallel",
        "0123456789abcdef0123456789abcdef01234567",
      ),
    ).toBe("https://gitlab.example/g/r/-/commit/0123456789abcdef0123456789abcdef01234567?view=parallel");
  });
  it("builds no link without a template, from a non-sha, or from a template that is not an http(s) URL with {sha}", () => {
    expect(gitCommitUrl(undefined, "abcdef1")).toBeNull();
    expect(gitCommitUrl(T, "")).toBeNull();
    expect(gitCommitUrl(T, "main")).toBeNull();
    expect(gitCommitUrl(T, "abc/../x")).toBeNull();
    expect(gitCommitUrl("javascript:alert({sha})", "abcdef1")).toBeNull();
    expect(gitCommitUrl("https://github.com/org/repo/commit/", "abcdef1")).toBeNull();
  });
  it("isGitWebUrlTemplate", () => {
    expect(isGitWebUrlTemplate(T)).toBe(true);
    expect(isGitWebUrlTemplate("ftp://x/{sha}")).toBe(false);
    expect(isGitWebUrlTemplate("not a url {sha}")).toBe(false);
  });
});

describe("mlflowRunPath and datasetUrl", () => {
  it("links run ids to Modelgate's run page", () => {
    expect(mlflowRunPath("0123456789abcdef0123456789abcdef")).toBe("/mlflow/runs/0123456789abcdef0123456789abcdef");
    expect(mlflowRunPath(null)).toBeNull();
    expect(mlflowRunPath("../etc")).toBeNull();
  });
  it("links only http(s) datasets", () => {
    expect(datasetUrl("https://lake.example/datasets/train-2026-11")).toBe(
      "https://lake.example/datasets/train-2026-11",
    );
    expect(datasetUrl("s3://lake/train.parquet")).toBeNull();
    expect(datasetUrl("warehouse.credit.train_2026")).toBeNull();
    expect(datasetUrl("javascript:alert(1)")).toBeNull();
  });
});
