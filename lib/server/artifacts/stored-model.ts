import "server-only";
import { createHash } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { joinKey, proxiedKey, safeArtifactPath } from "@/lib/domain/artifacts/artifact-path";
import { manifestDigest, type TManifestFile } from "@/lib/server/artifacts/manifest";
import { readMlmodel, type TMlmodelEvidence } from "@/lib/domain/artifacts/mlmodel";
import type { IArtifactStore } from "./artifact-store";
import { getArtifactStore } from "./get-artifact-store";

/** A version's files in Modelgate's store: where, what (manifest and digest), and what its MLmodel says. */
export type TStoredModel = {
  key: string;
  manifest: TManifestFile[];
  digest: string;
  mlmodel: TMlmodelEvidence | null;
  mlmodelError: string | null;
};

/** The largest MLmodel file read (they are a few KiB; anything bigger is not one). */
const MAX_MLMODEL_BYTES = 1024 * 1024;

/**
 * The store key a version source points at: `mlflow-artifacts:/…` (and its http form) directly,
 * `runs:/<run>/<path>` through the run's artifact URI, `models:/<name>/<n>` through the copied version.
 * Null when the source lies outside Modelgate's store (s3://…, a client's local path).
 */
export async function storeKeyOfSource(db: Db | Tx, source: string): Promise<string | null> {
  const direct = proxiedKey(source);
  if (direct !== null) return direct;
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (runs) {
    const run = await db.mlflowRun.findUnique({ where: { id: runs[1]! }, select: { artifactUri: true } });
    const root = run ? proxiedKey(run.artifactUri) : null;
    if (root === null) return null;
    try {
      return joinKey(root, safeArtifactPath(runs[2] ?? ""));
    } catch {
      return null;
    }
  }
  const models = /^models:\/([^/]+)\/(\d+)\/?$/.exec(source);
  if (models) {
    const [v] = await db.$queryRaw<{ artifactKey: string | null }[]>`
      SELECT v."artifactKey" FROM model_versions v JOIN models m ON m.id = v."modelId"
      WHERE COALESCE(m."mlflowName", m.slug) = ${decodeURIComponent(models[1]!)} AND m."archivedAt" IS NULL AND v.number = ${Number(models[2])}`;
    return v?.artifactKey ?? null;
  }
  return null;
}

async function sha256Of(store: IArtifactStore, key: string): Promise<string> {
  const file = await store.get(key);
  if (!file) throw new Error(`artifact ${key} vanished while its manifest was computed`);
  const hash = createHash("sha256");
  for await (const chunk of file.body) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function readSmall(store: IArtifactStore, key: string): Promise<string> {
  const file = await store.get(key);
  if (!file) return "";
  if (file.size > MAX_MLMODEL_BYTES) {
    file.body.destroy();
    throw new Error(`MLmodel is ${file.size} bytes, more than an MLmodel file holds`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * When a version's source is a directory in Modelgate's store: hashes every file (streamed, one at a time)
 * into the manifest and its digest, and reads the MLmodel file. Null when the source points elsewhere or
 * holds no file. Runs before the registration's transaction: hashing a large model takes as long as reading it.
 */
export async function readStoredModel(
  db: Db | Tx,
  source: string,
  store: IArtifactStore = getArtifactStore(),
): Promise<TStoredModel | null> {
  const key = await storeKeyOfSource(db, source);
  if (key === null || key === "") return null;
  const files = await store.walk(key);
  if (!files.length) return null;
  const manifest: TManifestFile[] = [];
  for (const f of files)
    manifest.push({ path: f.path, size: f.size, sha256: await sha256Of(store, `${key}/${f.path}`) });
  let mlmodel: TMlmodelEvidence | null = null;
  let mlmodelError: string | null = null;
  if (manifest.some((f) => f.path === "MLmodel")) {
    try {
      mlmodel = readMlmodel(await readSmall(store, `${key}/MLmodel`));
    } catch (err) {
      mlmodelError = err instanceof Error ? err.message.slice(0, 500) : "unreadable";
    }
  }
  return { key, manifest, digest: manifestDigest(manifest), mlmodel, mlmodelError };
}
