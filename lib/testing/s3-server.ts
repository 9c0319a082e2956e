import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { S3ArtifactStore } from "@/lib/server/artifacts/s3-store";

export type TS3Server = { endpoint: string; bucket: string; store(prefix?: string): S3ArtifactStore; close(): Promise<void> };

/**
 * A real S3-protocol server (s3rver, files in a temp directory) on 127.0.0.1 with one bucket: what the S3
 * store's tests and the artifact benchmark talk to. s3rver accepts the access key S3RVER / S3RVER.
 */
export async function startS3Server(bucket = "modelgate-test"): Promise<TS3Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mg-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    store: (prefix = "") => new S3ArtifactStore({ bucket, prefix, endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } }),
    async close() {
      server.httpServer?.closeAllConnections(); // keep-alive sockets of the SDK and fetch would hold close() open
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
