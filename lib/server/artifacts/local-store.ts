import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { IArtifactStore, TArtifactEntry, TArtifactFile } from "./artifact-store";

/** Uploads are written here (same filesystem as the store) and renamed into place when complete. */
const INCOMING = ".incoming";

const isNotFound = (err: unknown) =>
  typeof err === "object" && err !== null && ["ENOENT", "ENOTDIR"].includes((err as { code?: string }).code ?? "");

/** The local filesystem store (MODELGATE_ARTIFACT_DIR). */
export class LocalArtifactStore implements IArtifactStore {
  readonly kind = "local" as const;
  readonly multipart = null;
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = path.resolve(root);
  }

  /** The absolute path of a key; never outside the root, whatever the key says. */
  private resolve(key: string): string {
    const full = path.resolve(this.location, key);
    if (full !== this.location && !full.startsWith(this.location + path.sep))
      throw new Error(`artifact key escapes the store: ${key}`);
    return full;
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    const target = this.resolve(key);
    if (target === this.location || key.split("/")[0] === INCOMING) throw new Error(`cannot write artifact key ${key}`);
    await mkdir(path.join(this.location, INCOMING), { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(this.location, INCOMING, randomUUID());
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(temp, { flags: "wx" }));
      await rename(temp, target); // atomic: readers see the old file or the whole new one
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return { size };
  }

  async get(key: string): Promise<{ body: Readable; size: number } | null> {
    const file = this.resolve(key);
    try {
      const s = await stat(file);
      if (!s.isFile()) return null;
      return { body: createReadStream(file, { highWaterMark: 1024 * 1024 }), size: s.size };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async list(dir: string): Promise<TArtifactEntry[]> {
    const full = this.resolve(dir);
    let names;
    try {
      names = await readdir(full, { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const out: TArtifactEntry[] = [];
    for (const d of names) {
      if (full === this.location && d.name === INCOMING) continue;
      if (d.isDirectory()) out.push({ name: d.name, isDir: true });
      else if (d.isFile()) out.push({ name: d.name, isDir: false, size: (await stat(path.join(full, d.name))).size });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async walk(dir: string): Promise<TArtifactFile[]> {
    const out: TArtifactFile[] = [];
    const visit = async (rel: string) => {
      for (const e of await this.list(rel ? `${dir}/${rel}`.replace(/^\//, "") : dir)) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDir) await visit(p);
        else out.push({ path: p, size: e.size ?? 0 });
      }
    };
    await visit("");
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const full = this.resolve(key);
    if (full === this.location) throw new Error("refusing to delete the artifact root");
    await rm(full, { recursive: true, force: true });
  }
}
