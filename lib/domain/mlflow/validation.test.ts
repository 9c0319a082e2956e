import { describe, expect, it } from "vitest";
import {
  normalizePosixPath,
  parseVersionNumber,
  validateKey,
  validateModelName,
  validateRegistryTag,
} from "./validation";

describe("validation", () => {
  it("normalises paths as Python's posixpath.normpath", () => {
    expect(normalizePosixPath("a/./b")).toBe("a/b");
    expect(normalizePosixPath("a//b/")).toBe("a/b");
    expect(normalizePosixPath("a/../b")).toBe("b");
    expect(normalizePosixPath("../a")).toBe("../a");
    expect(normalizePosixPath("/a/../../b")).toBe("/b");
    expect(normalizePosixPath("")).toBe(".");
    expect(normalizePosixPath(".")).toBe(".");
  });

  it("accepts MLflow key characters and refuses the rest", () => {
    for (const k of ["team", "mlflow.source.git.commit", "a b", "x/y", "a-b_c"])
      expect(() => validateKey("tag", k)).not.toThrow();
    expect(() => validateKey("tag", "a$b")).toThrow("Invalid tag name: 'a$b'. Names may only contain alphanumerics");
    expect(() => validateKey("tag", "a/../b")).toThrow(/would resolve to 'b'/);
    expect(() => validateKey("param", "/abs")).toThrow(/resolve/);
    expect(() => validateKey("metric", ".")).toThrow(/resolve/);
    expect(() => validateKey("tag", "k".repeat(251))).toThrow("had length 251, which exceeded length limit of 250");
  });

  it("limits registry tag values to 100,000 characters", () => {
    expect(() => validateRegistryTag("k", "v".repeat(100_000))).not.toThrow();
    expect(() => validateRegistryTag("k", "v".repeat(100_001))).toThrow(/exceeded length limit of 100000/);
  });

  it("checks model names and version numbers", () => {
    expect(() => validateModelName("Fraud detector v2")).not.toThrow();
    expect(() => validateModelName("  ")).toThrow(/cannot be empty/);
    expect(() => validateModelName("n".repeat(257))).toThrow(/length limit of 256/);
    expect(parseVersionNumber("3")).toBe(3);
    expect(() => parseVersionNumber("x")).toThrow("Model version must be an integer, got 'x'");
    expect(() => parseVersionNumber("1.5")).toThrow(/must be an integer/);
    expect(() => parseVersionNumber("-1")).toThrow(/must be an integer/);
  });
});
