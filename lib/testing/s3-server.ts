import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { S3ArtifactStore } from "@/lib/server/artifacts/s3-store";

export type TS3Server = {
  endpoint: string;
  bucket: string;
  store(prefix?: string): S3ArtifactStore;
  close(): Promise<void>;
};

/**
 * A real S3-protocol server (s3rver, files in a temp directory) on 127.0.0.1 with one bucket: what the S3
 * store's tests and the artifact benchmark talk to. s3rver accepts the access key S3RVER / S3RVER.
 */
export async function startS3Server(bucket = "modelgate-test"): Promise<TS3Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mg-s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    store: (prefix = "") =>
      new S3ArtifactStore({
        bucket,
        prefix,
        endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      }),
    async close() {
      server.httpServer?.closeAllConnections(); // keep-alive sockets of the SDK and fetch would hold close() open
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second, independent S3-protocol server (fauxqs, in memory) for what s3rver does not implement:
 * AbortMultipartUpload (s3rver answers MethodNotAllowed). It accepts any credentials.
 */
export async function startAbortingS3Server(bucket = "modelgate-test"): Promise<TS3Server> {
  // Imported when used: fauxqs is ESM-only, and the benchmarks load this file through require (tsx, CommonJS).
  const { startFauxqs } = await import("fauxqs");
  const server = await startFauxqs({ port: 0, host: "127.0.0.1", logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const credentials = { accessKeyId: "fauxqs", secretAccessKey: "fauxqs" };
  const admin = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  return {
    endpoint,
    bucket,
    store: (prefix = "") =>
      new S3ArtifactStore({ bucket, prefix, endpoint, region: "us-east-1", forcePathStyle: true, credentials }),
    close: () => server.stop(),
  };
}
