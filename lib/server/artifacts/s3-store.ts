import "server-only";
import { Transform, type Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { AppError } from "@/lib/errors";
import type {
  IArtifactStore,
  IMultipartStore,
  TArtifactEntry,
  TArtifactFile,
  TMultipartCredential,
  TMultipartPart,
} from "./artifact-store";

export type TS3StoreConfig = {
  bucket: string;
  /** Key prefix inside the bucket ("" for the bucket's root). */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** Part size of streamed uploads: memory per upload is about partSize × queueSize. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
/** How long a presigned part URL of a multipart upload stays valid. */
const PRESIGN_SECONDS = 3600;

const isNoSuchKey = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
};

/**
 * A client's upload id that S3 does not know (aborted, completed, expired, or never issued) is the client's
 * mistake, not a fault of ours: 404 (MLflow RESOURCE_DOES_NOT_EXIST) instead of a 500.
 */
function refuseUnknownUpload(err: unknown): never {
  const e = err as { name?: string; Code?: string };
  if (e?.name === "NoSuchUpload" || e?.Code === "NoSuchUpload")
    throw new AppError(
      "NOT_FOUND",
      "No multipart upload with this upload_id: it was completed or aborted, or never existed.",
    );
  throw err;
}

/** Any S3-compatible object store (AWS S3, MinIO, Ceph…), through the AWS SDK. Directories are key prefixes. */
export class S3ArtifactStore implements IArtifactStore {
  readonly kind = "s3" as const;
  readonly location: string;
  readonly client: S3Client;
  readonly multipart: IMultipartStore;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: TS3StoreConfig) {
    const clientConfig: S3ClientConfig = { region: config.region, forcePathStyle: config.forcePathStyle };
    if (config.endpoint) clientConfig.endpoint = config.endpoint;
    if (config.credentials) clientConfig.credentials = config.credentials;
    this.client = new S3Client(clientConfig);
    this.bucket = config.bucket;
    this.prefix = config.prefix.replace(/^\/+|\/+$/g, "");
    this.location = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ""}`;
    this.multipart = {
      create: (key, numParts) => this.createMultipart(key, numParts),
      complete: (key, uploadId, parts) => this.completeMultipart(key, uploadId, parts),
      abort: async (key, uploadId) => {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key(key), UploadId: uploadId }))
          .catch(refuseUnknownUpload);
      },
    };
  }

  private key(key: string): string {
    return this.prefix ? (key ? `${this.prefix}/${key}` : this.prefix) : key;
  }

  private dirPrefix(dir: string): string {
    const k = this.key(dir);
    return k ? `${k}/` : "";
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    body.on("error", (err) => count.destroy(err));
    // lib-storage streams the body in parts (one PutObject when it fits in a part): memory stays at
    // about PART_SIZE × QUEUE_SIZE whatever the file's size, and S3 shows the object only once complete.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.key(key), Body: body.pipe(count) },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
    return { size };
  }

  async get(key: string): Promise<{ body: Readable; size: number } | null> {
    if (!key) return null;
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return { body: r.Body as Readable, size: Number(r.ContentLength ?? 0) };
    } catch (err) {
      if (isNoSuchKey(err)) return null;
      throw err;
    }
  }

  async list(dir: string): Promise<TArtifactEntry[]> {
    const prefix = this.dirPrefix(dir);
    const out: TArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token }),
      );
      for (const p of r.CommonPrefixes ?? [])
        if (p.Prefix) out.push({ name: p.Prefix.slice(prefix.length).replace(/\/$/, ""), isDir: true });
      for (const o of r.Contents ?? [])
        if (o.Key && o.Key !== prefix)
          out.push({ name: o.Key.slice(prefix.length), isDir: false, size: Number(o.Size ?? 0) });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.filter((e) => e.name !== "").sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async walk(dir: string): Promise<TArtifactFile[]> {
    const prefix = this.dirPrefix(dir);
    const out: TArtifactFile[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of r.Contents ?? [])
        if (o.Key && o.Key !== prefix && !o.Key.endsWith("/"))
          out.push({ path: o.Key.slice(prefix.length), size: Number(o.Size ?? 0) });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    if (!key) throw new Error("refusing to delete the artifact root");
    const keys = [this.key(key), ...(await this.walk(key)).map((f) => `${this.dirPrefix(key)}${f.path}`)];
    for (let i = 0; i < keys.length; i += 1000) {
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  private async createMultipart(
    key: string,
    numParts: number,
  ): Promise<{ uploadId: string; credentials: TMultipartCredential[] }> {
    const r = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key(key) }));
    const uploadId = r.UploadId!;
    const credentials: TMultipartCredential[] = [];
    for (let part = 1; part <= numParts; part++) {
      const url = await getSignedUrl(
        this.client,
        new UploadPartCommand({ Bucket: this.bucket, Key: this.key(key), UploadId: uploadId, PartNumber: part }),
        { expiresIn: PRESIGN_SECONDS },
      );
      credentials.push({ url, part_number: part, headers: {} });
    }
    return { uploadId, credentials };
  }

  private async completeMultipart(key: string, uploadId: string, parts: TMultipartPart[]): Promise<void> {
    await this.client
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          UploadId: uploadId,
          MultipartUpload: {
            Parts: [...parts]
              .sort((a, b) => a.part_number - b.part_number)
              .map((p) => ({ PartNumber: p.part_number, ETag: p.etag })),
          },
        }),
      )
      .catch(refuseUnknownUpload);
  }
}
