import { MlflowInputError } from "./input-error";

/** MLflow's limits (mlflow/utils/validation.py, 2.11). */
export const LIMITS = {
  entityKey: 250,
  registryTagValue: 100_000,
  paramValue: 6_000,
  runTagValue: 5_000,
  modelName: 256,
  description: 20_000,
  batchMetrics: 1_000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1_000,
} as const;

const NAME_RE = /^[/\w.\- ]*$/;

/** Python's posixpath.normpath, for MLflow's "names must not resolve to other names" rule. */
export function normalizePosixPath(path: string): string {
  if (path === "") return ".";
  const initial = path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== ".." || (initial === 0 && out.length === 0) || (out.length > 0 && out[out.length - 1] === ".."))
      out.push(part);
    else if (out.length > 0) out.pop();
  }
  const joined = "/".repeat(initial) + out.join("/");
  return joined || ".";
}

function pathNotUnique(name: string): boolean {
  const norm = normalizePosixPath(name);
  return norm !== name || norm === "." || norm.startsWith("..") || norm.startsWith("/");
}

/**
 * Tag, param and metric keys: alphanumerics, `_ - . / ` and spaces, at most 250 characters, and no name
 * that a file system would read as another one (MLflow stores some of them as files).
 */
export function validateKey(kind: "tag" | "param" | "metric", key: string): void {
  if (!NAME_RE.test(key)) {
    throw new MlflowInputError(
      `Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`,
    );
  }
  if (pathNotUnique(key)) {
    throw new MlflowInputError(
      `Invalid ${kind} name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalizePosixPath(key)}'`,
    );
  }
  checkLength(`${kind[0]!.toUpperCase()}${kind.slice(1)} key`, key, LIMITS.entityKey);
}

export function checkLength(what: string, value: string, limit: number): void {
  if (value.length > limit) {
    throw new MlflowInputError(
      `${what} '${value.slice(0, 40)}${value.length > 40 ? "…" : ""}' had length ${value.length}, which exceeded length limit of ${limit}`,
    );
  }
}

/** A registered-model or model-version tag: key rules plus the registry's value limit. */
export function validateRegistryTag(key: string, value: string): void {
  validateKey("tag", key);
  checkLength("Tag value", value, LIMITS.registryTagValue);
}

/** Registered-model names: free text (MLflow only refuses empty ones), at most 256 characters. */
export function validateModelName(name: string, field = "name"): void {
  if (name.trim() === "") throw new MlflowInputError(`Registered model name cannot be empty. (parameter '${field}')`);
  checkLength("Registered model name", name, LIMITS.modelName);
}

/** Version numbers arrive as strings ("3"); anything but a positive integer is refused as MLflow does. */
export function parseVersionNumber(version: string): number {
  const trimmed = version.trim();
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    throw new MlflowInputError(`Model version must be an integer, got '${version}'`);
  }
  return Number(trimmed);
}
