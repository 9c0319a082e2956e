import "server-only";
import { getDb } from "@/lib/db/client";
import { joinKey, proxiedKey, safeArtifactPath } from "@/lib/domain/artifacts/artifact-path";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireRun } from "./tracking-sql";
import { requireArtifactRead } from "./artifact-access";
import { getArtifactStore } from "../artifacts/get-artifact-store";

type TFile = { path: string; is_dir: boolean; file_size?: number };

/**
 * The tracking server's own `artifacts/list` (`GET /api/2.0/mlflow/artifacts/list?run_id=&path=`), as 2.11 answers it
 * for a run whose artifact root is proxied: `root_uri` and one level of files, paths relative to the run's root. A run
 * whose artifacts live elsewhere (a client's `./mlruns`, an s3:// root) lists no file: Modelgate does not hold them.
 */
export async function listRunArtifacts({
  actor,
  runId,
  path,
}: {
  actor: TActor;
  runId: string;
  path?: string;
}): Promise<{ root_uri: string; files?: TFile[] }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const run = await requireRun(db, runId);
  const rel = path ? safeArtifactPath(path) : "";
  const root = proxiedKey(run.artifactUri);
  if (root === null) return { root_uri: run.artifactUri };
  const dir = joinKey(root, rel);
  await requireArtifactRead(db, actor, dir);
  const entries = await getArtifactStore().list(dir);
  const files = entries.map((e) =>
    e.isDir
      ? { path: joinKey(rel, e.name), is_dir: true }
      : { path: joinKey(rel, e.name), is_dir: false, file_size: e.size ?? 0 },
  );
  return { root_uri: run.artifactUri, ...(files.length ? { files } : {}) };
}
