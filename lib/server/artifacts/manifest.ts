import "server-only";
import { createHash } from "node:crypto";

export type TManifestFile = { path: string; size: number; sha256: string };

/**
 * The manifest digest of a model directory: sha256 over one line per file, sorted by path,
 * `<path>\t<size>\t<sha256>\n` (paths relative to the directory, POSIX). Any changed, added, removed or
 * renamed file changes it. Written `sha256:<hex>`.
 */
export function manifestDigest(files: readonly TManifestFile[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    hash.update(`${f.path}\t${f.size}\t${f.sha256}\n`);
  return `sha256:${hash.digest("hex")}`;
}
