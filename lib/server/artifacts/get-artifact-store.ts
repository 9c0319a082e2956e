import "server-only";
import path from "node:path";
import { getEnv, type TEnv } from "@/lib/env";
import type { IArtifactStore } from "./artifact-store";
import { LocalArtifactStore } from "./local-store";
import { S3ArtifactStore } from "./s3-store";

/** The local store's directory: MODELGATE_ARTIFACT_DIR, else `artifacts/` beside the PGlite data directory. */
export function localArtifactDir(env: TEnv): string {
  if (env.MODELGATE_ARTIFACT_DIR) return env.MODELGATE_ARTIFACT_DIR;
  const data = env.MODELGATE_DATA_DIR;
  return data.startsWith("memory://") ? "./data/artifacts" : path.join(path.dirname(path.resolve(data)), "artifacts");
}

/** The store the configuration names: S3 when MODELGATE_ARTIFACT_S3_BUCKET is set, else the local filesystem. */
export function artifactStoreFromEnv(env: TEnv): IArtifactStore {
  if (env.MODELGATE_ARTIFACT_S3_BUCKET) {
    const id = env.MODELGATE_ARTIFACT_S3_ACCESS_KEY_ID;
    const secret = env.MODELGATE_ARTIFACT_S3_SECRET_ACCESS_KEY;
    return new S3ArtifactStore({
      bucket: env.MODELGATE_ARTIFACT_S3_BUCKET,
      prefix: env.MODELGATE_ARTIFACT_S3_PREFIX,
      endpoint: env.MODELGATE_ARTIFACT_S3_ENDPOINT,
      region: env.MODELGATE_ARTIFACT_S3_REGION,
      forcePathStyle: env.MODELGATE_ARTIFACT_S3_FORCE_PATH_STYLE === "true",
      // Without both keys the SDK's default chain applies (AWS_* variables, instance or pod role).
      credentials: id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined,
    });
  }
  return new LocalArtifactStore(localArtifactDir(env));
}

let current: IArtifactStore | undefined;

/** The process's artifact store (built once from the configuration). */
export function getArtifactStore(): IArtifactStore {
  return (current ??= artifactStoreFromEnv(getEnv()));
}

/** Tests and benchmarks run the same code against a store of their own (a temp directory, an S3 server they started). */
export function installArtifactStore(store: IArtifactStore | undefined): void {
  current = store;
}
