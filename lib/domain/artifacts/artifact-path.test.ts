import { describe, expect, it } from "vitest";
import { artifactOwner, proxiedKey, safeArtifactPath } from "./artifact-path";

describe("safeArtifactPath (MLflow's validate_path_is_safe)", () => {
  it.each([
    ["1/abc/artifacts/model/MLmodel", "1/abc/artifacts/model/MLmodel"],
    ["1//abc/./artifacts/", "1/abc/artifacts"],
    ["", ""],
    ["a%20b/c", "a b/c"],
    ["100%", "100%"],
  ])("accepts %j as %j", (raw, safe) => expect(safeArtifactPath(raw)).toBe(safe));

  it.each([
    ["a `..` segment", "1/../../etc/passwd"],
    ["a trailing `..`", "1/abc/.."],
    ["encoded dots", "1/%2e%2e/%2e%2e/etc"],
    ["encoded upper-case dots", "1/%2E%2E/x"],
    ["an encoded slash", "1/..%2f..%2fartifacts"],
    ["a doubly encoded traversal", "1/%252e%252e%252fx"],
    ["an absolute path", "/etc/passwd"],
    ["an encoded absolute path", "%2fetc%2fpasswd"],
    ["a Windows drive", "C:\\Windows"],
    ["a Windows drive with slashes", "c:/x"],
    ["a backslash", "1\\..\\x"],
    ["an encoded backslash", "1%5cx"],
    ["a NUL", "1/artifact\u0000"],
    ["an encoded NUL", "1/artifact%00"],
    ["a fragment", "1/a#b"],
    ["a file URI", "file:///etc/passwd"],
  ])("refuses %s", (_what, raw) => expect(() => safeArtifactPath(raw)).toThrow("Invalid path"));
});

describe("artifactOwner and proxiedKey", () => {
  it("reads the experiment and run of a key", () => {
    const run = "0123456789abcdef0123456789abcdef";
    expect(artifactOwner(`3/${run}/artifacts/model`)).toEqual({ experimentId: 3, runId: run });
    expect(artifactOwner("3/other")).toEqual({ experimentId: 3, runId: null });
    expect(artifactOwner("x/y")).toBeNull();
    expect(artifactOwner("")).toBeNull();
  });
  it("maps proxied URIs to store keys and leaves other URIs alone", () => {
    expect(proxiedKey("mlflow-artifacts:/1/r/artifacts/model")).toBe("1/r/artifacts/model");
    expect(proxiedKey("mlflow-artifacts://host:5000/1/r/artifacts/model/")).toBe("1/r/artifacts/model");
    expect(proxiedKey("https://mg.example/api/2.0/mlflow-artifacts/artifacts/1/r/model")).toBe("1/r/model");
    expect(proxiedKey("mlflow-artifacts:/1/..%2f..%2fx")).toBeNull();
    expect(proxiedKey("s3://bucket/1/r")).toBeNull();
    expect(proxiedKey("./mlruns/1/r/artifacts")).toBeNull();
  });
});
