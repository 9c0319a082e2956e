import { MlflowInputError } from "../mlflow/input-error";

/**
 * Artifact paths as MLflow's proxy accepts them (mlflow/utils/uri.py validate_path_is_safe, 2.11): the
 * path is URL-decoded until it stops changing (so `%2e%2e`, `%252e`, `%2f` and `%00` are seen decoded),
 * then refused when it holds a `#`, a NUL, a backslash, a `..` segment, or is absolute (POSIX `/x`,
 * Windows `C:\x`, `C:/x`, `\\host`). What passes is a relative POSIX path; empty and `.` segments are
 * dropped so one store key names one file.
 */
export class ArtifactPathError extends MlflowInputError {
  constructor() {
    super("Invalid path");
  }
}

export function isArtifactPathError(err: unknown): err is ArtifactPathError {
  return err instanceof ArtifactPathError;
}

function decodeFully(value: string): string {
  let current = value;
  for (let i = 0; i < 10; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return current; // a lone `%` is a literal percent sign, as Python's unquote leaves it
    }
    if (decoded === current) return current;
    current = decoded;
  }
  throw new ArtifactPathError();
}

/** The safe, normalised relative path, or ArtifactPathError ("Invalid path", MLflow's words). */
export function safeArtifactPath(raw: string): string {
  let path = decodeFully(raw);
  if (/^file:/i.test(path)) path = path.replace(/^file:(\/\/)?/i, "");
  if (path.includes("#") || path.includes("\0") || path.includes("\\")) throw new ArtifactPathError();
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) throw new ArtifactPathError();
  const segments = path.split("/");
  if (segments.includes("..")) throw new ArtifactPathError();
  return segments.filter((s) => s !== "" && s !== ".").join("/");
}

/** `a/b/c` → `c`, as MLflow's listing answers basenames. */
export const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** Joins store keys, ignoring empty parts. */
export const joinKey = (...parts: string[]) => parts.filter((p) => p !== "").join("/");

export type TArtifactOwner = { experimentId: number; runId: string | null };

/**
 * Whose artifacts a key is: `<experiment_id>/<run_id>/…` (a run's, the layout `mlflow-artifacts:/<experiment_id>`
 * gives) or `<experiment_id>/…` (the experiment's). Null for the root and for keys that name no experiment.
 */
export function artifactOwner(key: string): TArtifactOwner | null {
  const [experiment, run] = key.split("/");
  if (!experiment || !/^\d{1,10}$/.test(experiment)) return null;
  const experimentId = Number(experiment);
  if (experimentId > 2_147_483_647) return null;
  return { experimentId, runId: run && /^[0-9a-f]{32}$/.test(run) ? run : null };
}

/**
 * The store key an artifact URI points at, when it points into this server's proxy:
 * `mlflow-artifacts:/1/<run>/artifacts/model`, `mlflow-artifacts://host:5000/1/…`, or the HTTP form
 * `http(s)://host/api/2.0/mlflow-artifacts/artifacts/1/…`. Null for anything else (s3://, local paths…).
 */
export function proxiedKey(uri: string): string | null {
  let rest: string | null = null;
  const scheme = /^mlflow-artifacts:(\/\/[^/]*)?(\/.*)?$/i.exec(uri);
  if (scheme) rest = scheme[2] ?? "";
  else {
    const http = /^https?:\/\/[^/]+\/(?:ajax-)?api\/2\.0\/mlflow-artifacts\/artifacts(\/.*)?$/i.exec(uri);
    if (http) rest = http[1] ?? "";
  }
  if (rest === null) return null;
  try {
    return safeArtifactPath(rest.replace(/^\/+/, ""));
  } catch {
    return null;
  }
}
