import "server-only";
import type { Readable } from "node:stream";

/** One entry of a directory listing: a file (with its size) or a directory. */
export type TArtifactEntry = { name: string; isDir: boolean; size?: number };

/** A file found under a directory: its path relative to that directory, and its size. */
export type TArtifactFile = { path: string; size: number };

export type TMultipartCredential = { url: string; part_number: number; headers: Record<string, string> };
export type TMultipartPart = { part_number: number; etag: string; url?: string };

/** Presigned multipart uploads (MLflow's create/complete/abortMultipartUpload), for stores that have them. */
export interface IMultipartStore {
  create(key: string, numParts: number): Promise<{ uploadId: string; credentials: TMultipartCredential[] }>;
  complete(key: string, uploadId: string, parts: TMultipartPart[]): Promise<void>;
  abort(key: string, uploadId: string): Promise<void>;
}

/**
 * Where artifacts live. Keys are relative POSIX paths already checked by safeArtifactPath ("" is the root).
 * Both directions stream: `put` consumes the body as it arrives (no temporary copy of the upload) and a
 * partially written file is never visible; `get` hands out a stream of the stored bytes.
 */
export interface IArtifactStore {
  readonly kind: "local" | "s3";
  /** Where it stores, for logs and the setup page (a directory, or s3://bucket/prefix). */
  readonly location: string;
  put(key: string, body: Readable): Promise<{ size: number }>;
  /** The file's bytes, or null when there is no such file. */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  /** The direct children of a directory, sorted by name; [] when it is not a directory. */
  list(dir: string): Promise<TArtifactEntry[]>;
  /** Every file under a directory (recursively), paths relative to it, sorted by path. */
  walk(dir: string): Promise<TArtifactFile[]>;
  /** Deletes a file, or a directory with everything under it. No error when nothing is there. */
  delete(key: string): Promise<void>;
  readonly multipart: IMultipartStore | null;
}
