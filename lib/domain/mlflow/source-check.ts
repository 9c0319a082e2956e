import { MlflowInputError } from "./input-error";

/**
 * MLflow's _validate_non_local_source_contains_relative_paths (handlers.py, 2.11): the source is URL-decoded
 * until it stops changing (unquote_plus), its URL path taken, slashes collapsed and the trailing one dropped;
 * a NUL, or a path that resolving `.`/`..` would change, is refused with MLflow's message. So
 * `mlflow-artifacts://host:9000/models/..%2f..%2fartifacts` and `…/artifact%00` are refused.
 */
export function checkNonLocalSource(source: string): void {
  const message = `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`;
  let decoded = source;
  for (let i = 0; i < 20; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded.replace(/\+/g, " "));
    } catch {
      break;
    }
    if (next === decoded) break;
    decoded = next;
  }
  const path = urlPath(decoded).replace(/\/+$/, "").replace(/\/+/g, "/");
  if (path.includes("\0")) throw new MlflowInputError(message);
  if (resolvePosix(path) !== path) throw new MlflowInputError(message);
}

/** The path part of a URI as Python's urlparse gives it (`scheme://netloc/path?query#fragment` → `/path`). */
function urlPath(uri: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(uri);
  let rest = m ? m[2]! : uri;
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  return rest.replace(/[?#].*$/s, "");
}

/** pathlib.Path(p).resolve().as_posix() without the filesystem: `.` and `..` resolved, relative paths made absolute. */
function resolvePosix(path: string): string {
  if (!path.startsWith("/")) return `\u0000relative:${path}`; // resolve() prefixes the cwd: never equal to the path
  const out: string[] = [];
  for (const seg of path.split("/").slice(1)) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}
