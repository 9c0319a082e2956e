import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type TS3Server } from "@/lib/testing/s3-server";
import type { IArtifactStore } from "./artifact-store";
import { LocalArtifactStore } from "./local-store";

/** The same behaviour from both stores, against a real directory and a real S3-protocol server. */
const text = (s: string) => Readable.from([Buffer.from(s)]);
async function read(store: IArtifactStore, key: string): Promise<string | null> {
  const got = await store.get(key);
  if (!got) return null;
  const chunks: Buffer[] = [];
  for await (const c of got.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

let s3: TS3Server;
let localDir: string;
const stores: Record<string, () => IArtifactStore> = {
  local: () => new LocalArtifactStore(localDir),
  s3: () => s3.store("root/prefix"),
};

beforeAll(async () => {
  localDir = mkdtempSync(path.join(os.tmpdir(), "mg-artifacts-"));
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  rmSync(localDir, { recursive: true, force: true });
});

describe.each(Object.keys(stores))("%s store", (kind) => {
  it("puts, gets, lists one level, walks, overwrites and deletes", async () => {
    const store = stores[kind]!();
    expect(await store.put("1/abc/artifacts/model/MLmodel", text("flavors: {}\n"))).toEqual({ size: 12 });
    await store.put("1/abc/artifacts/model/data/model.pkl", text("0123456789"));
    await store.put("1/abc/artifacts/model/data/nested/x.bin", text("x"));
    expect(await read(store, "1/abc/artifacts/model/MLmodel")).toBe("flavors: {}\n");
    expect((await store.get("1/abc/artifacts/model/data/model.pkl"))?.size).toBe(10);
    expect(await store.get("1/abc/artifacts/model/missing")).toBeNull();
    expect(await store.get("1/abc/artifacts/model")).toBeNull(); // a directory is not a file
    expect(await store.list("1/abc/artifacts/model")).toEqual([
      { name: "MLmodel", isDir: false, size: 12 },
      { name: "data", isDir: true },
    ]);
    expect(await store.list("1/abc/artifacts/model/MLmodel")).toEqual([]);
    expect(await store.list("1/nothing")).toEqual([]);
    expect(await store.walk("1/abc/artifacts/model")).toEqual([
      { path: "MLmodel", size: 12 },
      { path: "data/model.pkl", size: 10 },
      { path: "data/nested/x.bin", size: 1 },
    ]);
    await store.put("1/abc/artifacts/model/data/model.pkl", text("new"));
    expect(await read(store, "1/abc/artifacts/model/data/model.pkl")).toBe("new");
    await store.delete("1/abc/artifacts/model/data");
    expect(await store.walk("1/abc/artifacts/model")).toEqual([{ path: "MLmodel", size: 12 }]);
    await store.delete("1/abc/artifacts/model/MLmodel");
    expect(await store.walk("1/abc")).toEqual([]);
    await store.delete("1/never-there"); // no error
  });

  it("streams a 24 MiB upload and download byte for byte", async () => {
    const store = stores[kind]!();
    const chunk = Buffer.alloc(1024 * 1024);
    const hash = createHash("sha256");
    async function* body() {
      for (let i = 0; i < 24; i++) {
        chunk.fill(i);
        hash.update(chunk);
        yield Buffer.from(chunk);
      }
    }
    expect(await store.put("2/big.bin", Readable.from(body()))).toEqual({ size: 24 * 1024 * 1024 });
    const got = (await store.get("2/big.bin"))!;
    expect(got.size).toBe(24 * 1024 * 1024);
    const back = createHash("sha256");
    for await (const c of got.body) back.update(c as Buffer);
    expect(back.digest("hex")).toBe(hash.digest("hex"));
  });

  it("leaves nothing behind when an upload fails half-way", async () => {
    const store = stores[kind]!();
    async function* broken() {
      yield Buffer.alloc(1024, 1);
      throw new Error("client went away");
    }
    await expect(store.put("3/half.bin", Readable.from(broken()))).rejects.toThrow();
    expect(await store.get("3/half.bin")).toBeNull();
    expect(await store.walk("3")).toEqual([]);
    if (kind === "local") expect(readdirSync(path.join(localDir, ".incoming"))).toEqual([]);
  });
});

describe("s3 multipart (presigned parts, as MLflow's client uploads them)", () => {
  // s3rver has no AbortMultipartUpload (it answers MethodNotAllowed), so abort is not exercised here.
  it("creates, uploads parts to the presigned URLs, completes", async () => {
    const store = s3.store("mp");
    const mp = store.multipart;
    const created = await mp.create("1/run/artifacts/big.bin", 2);
    expect(created.credentials.map((c) => c.part_number)).toEqual([1, 2]);
    const part1 = Buffer.alloc(5 * 1024 * 1024, 7); // S3 parts but the last are ≥ 5 MiB
    const parts = [];
    for (const [i, body] of [part1, Buffer.from("tail")].entries()) {
      const r = await fetch(created.credentials[i]!.url, { method: "PUT", body });
      expect(r.status).toBe(200);
      parts.push({ part_number: i + 1, etag: r.headers.get("etag") ?? "" });
    }
    await mp.complete("1/run/artifacts/big.bin", created.uploadId, parts);
    expect((await store.get("1/run/artifacts/big.bin"))?.size).toBe(part1.length + 4);
  });
});
