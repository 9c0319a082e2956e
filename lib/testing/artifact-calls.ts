import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalArtifactStore } from "@/lib/server/artifacts/local-store";

type THandler = (
  req: Request,
  ctx?: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

/** A local store in a fresh temp directory. */
export function tempLocalStore(): { dir: string; store: LocalArtifactStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mg-artifact-store-"));
  return { dir, store: new LocalArtifactStore(dir) };
}

/**
 * One request to the artifact proxy as MLflow's Python client sends it (http_artifact_repo.py): `path` is the
 * raw URL path after the prefix (sent as is, so encoded forms reach the server), the body raw bytes.
 */
export async function callArtifacts(
  handler: THandler,
  method: string,
  rawPath: string,
  opts: {
    token?: string;
    body?: Buffer | string | ReadableStream<Uint8Array>;
    json?: unknown;
    contentType?: string;
    query?: Record<string, string>;
    prefix?: string;
    segments?: string[];
  } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  } else if (opts.body !== undefined) {
    body = typeof opts.body === "string" || opts.body instanceof ReadableStream ? opts.body : new Uint8Array(opts.body);
    headers["content-type"] = opts.contentType ?? "application/octet-stream";
  }
  const query = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : "";
  const url = `http://localhost${opts.prefix ?? "/api/2.0/mlflow-artifacts"}/${rawPath}${query}`;
  const segments =
    opts.segments ??
    rawPath.split("/").map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const res = await handler(
    new Request(url, {
      method,
      headers,
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit),
    { params: Promise.resolve({ path: segments }) },
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  let json: any = null;
  if ((res.headers.get("content-type") ?? "").startsWith("application/json") && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, bytes, json };
}
