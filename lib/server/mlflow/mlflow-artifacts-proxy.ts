import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { getDb } from "@/lib/db/client";
import {
  ArtifactPathError,
  basename,
  isArtifactPathError,
  joinKey,
  safeArtifactPath,
} from "@/lib/domain/artifacts/artifact-path";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { authenticateMlflowRequest } from "./authenticate";
import { mlflowError, toMlflowError } from "./mlflow-error";
import { requireArtifactRead, requireArtifactWrite, requireDeletable, requireNotRegistered } from "./artifact-access";
import type { IArtifactStore } from "../artifacts/artifact-store";
import { isArtifactIntegrityError, openVerifiedDownload } from "../artifacts/verified-download";
import { getArtifactStore } from "../artifacts/get-artifact-store";

type TRouteCtx = { params: Promise<Record<string, string | string[] | undefined>> };

const UNSUPPORTED_MULTIPART = "Multipart upload is not supported for the current artifact repository";

const MIME: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  json: "application/json",
  yaml: "application/yaml",
  yml: "application/yaml",
  csv: "text/csv",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  svg: "image/svg+xml",
  gif: "image/gif",
  pdf: "application/pdf",
  parquet: "application/octet-stream",
};

/** As MLflow's _guess_mime_type: by extension, else application/octet-stream (MLmodel, model.pkl…). */
export function guessMimeType(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot > 0 && MIME[name.slice(dot + 1).toLowerCase()]) || "application/octet-stream";
}

function json(status: number, body: unknown, requestId: string): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId },
  });
}

/**
 * The artifact path of a request, checked as MLflow's validate_path_is_safe does. It is read from the raw URL
 * (so `%2f`, `%2e%2e` and `%00` are seen before anything decodes them) and, when the router delivered
 * decoded segments, from those too: both must be safe.
 */
async function requestPath(req: Request, ctx: TRouteCtx | undefined, prefix: string): Promise<string[]> {
  const pathname = new URL(req.url).pathname;
  const raw = pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length + 1) : "";
  const params = ctx ? await ctx.params : undefined;
  const segments = Array.isArray(params?.path) ? (params.path as string[]) : null;
  if (segments && segments.some((s) => s === ".." || s.includes("\0") || s.includes("\\")))
    throw new ArtifactPathError();
  return raw.split("/");
}

type TRoute = { rpc: "artifacts" | "mpu/create" | "mpu/complete" | "mpu/abort"; path: string | null };

function route(segments: string[]): TRoute | null {
  const [head, second, ...rest] = segments;
  if (head === "artifacts")
    return { rpc: "artifacts", path: second === undefined ? null : safeArtifactPath([second, ...rest].join("/")) };
  if (head === "mpu" && (second === "create" || second === "complete" || second === "abort"))
    return { rpc: `mpu/${second}`, path: safeArtifactPath(rest.join("/")) };
  return null;
}

async function readJson(req: Request): Promise<Record<string, unknown>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    throw mlflowError("INVALID_PARAMETER_VALUE", "Content-Type must be one of ['application/json']");
  const text = await req.text();
  if (text.length > 1024 * 1024)
    throw mlflowError("INVALID_PARAMETER_VALUE", "The request body is larger than 1048576 bytes.");
  try {
    const v: unknown = text.trim() ? JSON.parse(text) : {};
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw mlflowError("BAD_REQUEST", "Malformed JSON request body.");
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== "string" || v === "")
    throw mlflowError(
      "INVALID_PARAMETER_VALUE",
      `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
    );
  return v;
}

async function download(actor: TActor, store: IArtifactStore, key: string): Promise<Response> {
  const db = await getDb();
  const covering = await requireArtifactRead(db, actor, key);
  const file = await openVerifiedDownload(store, key, covering, { actor, via: "mlflow" });
  if (!file) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `No such file or directory: '${key}'`);
  const name = basename(key);
  const mime = guessMimeType(name);
  return new Response(Readable.toWeb(file.body) as ReadableStream, {
    status: 200,
    headers: {
      "content-type": mime,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename=${name}`,
      "x-content-type-options": "nosniff",
    },
  });
}

async function upload(req: Request, actor: TActor, store: IArtifactStore, key: string): Promise<object> {
  if (!key) throw new ArtifactPathError();
  const db = await getDb();
  await requireArtifactWrite(db, actor, key);
  await requireNotRegistered(db, key);
  const body = req.body ? Readable.fromWeb(req.body as import("node:stream/web").ReadableStream) : Readable.from([]);
  // A body that breaks off (the client went away, a proxy cut it) is the client's failure, not a fault of
  // ours: 400, not 500. Either store then shows nothing new (the local one writes aside and renames, S3 shows
  // an object only once complete), and a file being replaced stays as it was.
  let bodyFailed = false;
  body.once("error", () => (bodyFailed = true));
  try {
    await store.put(key, body);
  } catch (err) {
    if (bodyFailed)
      throw new AppError(
        "BAD_REQUEST",
        "The upload broke off before its end; nothing was stored. Send the file again.",
      );
    throw err;
  }
  return {};
}

async function list(actor: TActor, store: IArtifactStore, query: URLSearchParams): Promise<object> {
  const path = query.has("path") ? safeArtifactPath(query.get("path") ?? "") : "";
  await requireArtifactRead(await getDb(), actor, path);
  const entries = await store.list(path);
  // Protobuf JSON: basenames, int64 as numbers, no file_size on directories; no entries → {}.
  return entries.length
    ? {
        files: entries.map((e) =>
          e.isDir ? { path: e.name, is_dir: true } : { path: e.name, is_dir: false, file_size: e.size ?? 0 },
        ),
      }
    : {};
}

async function remove(actor: TActor, store: IArtifactStore, key: string): Promise<object> {
  if (!key) throw new ArtifactPathError();
  const db = await getDb();
  await requireArtifactWrite(db, actor, key);
  await requireDeletable(db, key);
  await store.delete(key);
  return {};
}

/** MLflow's S3 repository puts the file at `<artifact_path>/<basename of the client's local path>`. */
async function multipart(
  req: Request,
  actor: TActor,
  store: IArtifactStore,
  rpc: TRoute["rpc"],
  artifactPath: string,
): Promise<object> {
  const body = await readJson(req);
  const localFile = requiredString(body, "path");
  if (!store.multipart) throw mlflowError("NOT_IMPLEMENTED", UNSUPPORTED_MULTIPART);
  const key = joinKey(artifactPath, safeArtifactPath(basename(localFile.replace(/\\/g, "/"))));
  const db = await getDb();
  await requireArtifactWrite(db, actor, key);
  if (rpc === "mpu/create") {
    await requireNotRegistered(db, key);
    const numParts = Number(body.num_parts ?? 1);
    if (!Number.isInteger(numParts) || numParts < 1 || numParts > 10_000)
      throw mlflowError(
        "INVALID_PARAMETER_VALUE",
        `Invalid value ${JSON.stringify(body.num_parts)} for parameter 'num_parts' supplied.`,
      );
    const created = await store.multipart.create(key, numParts);
    return { upload_id: created.uploadId, credentials: created.credentials };
  }
  const uploadId = requiredString(body, "upload_id");
  if (rpc === "mpu/complete") {
    if (!Array.isArray(body.parts))
      throw mlflowError(
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'parts'. See the API docs for more information about request parameters.",
      );
    const parts = (body.parts as Record<string, unknown>[]).map((p) => ({
      part_number: Number(p.part_number),
      etag: String(p.etag ?? ""),
      url: typeof p.url === "string" ? p.url : undefined,
    }));
    await requireNotRegistered(db, key);
    await store.multipart.complete(key, uploadId, parts);
    return {};
  }
  await store.multipart.abort(key, uploadId);
  return {};
}

/**
 * `mlflow server --serve-artifacts`'s proxy (MLFLOW_COMPAT.md "Artifact proxy", A1–A7) under
 * `<prefix>` = /api/2.0/mlflow-artifacts or /ajax-api/2.0/mlflow-artifacts: bodies stream straight between
 * the client and the store, no temporary copy on either way.
 */
export function createArtifactProxy(prefix: string, storeOf: () => IArtifactStore = getArtifactStore) {
  return async (req: Request, ctx?: TRouteCtx): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const segments = await requestPath(req, ctx, prefix);
      const r = route(segments);
      if (!r)
        return json(
          404,
          {
            error_code: "ENDPOINT_NOT_FOUND",
            message: `No API endpoint found for ${req.method} ${new URL(req.url).pathname}`,
          },
          requestId,
        );
      const method = req.method.toUpperCase();
      const allowed = r.rpc !== "artifacts" ? ["POST"] : r.path === null ? ["GET"] : ["GET", "PUT", "DELETE"];
      if (!allowed.includes(method)) {
        return new Response(
          JSON.stringify({
            error_code: "BAD_REQUEST",
            message: `The method ${req.method} is not allowed for ${new URL(req.url).pathname}. Allowed: ${allowed.join(", ")}.`,
          }),
          {
            status: 405,
            headers: { "content-type": "application/json", allow: allowed.join(", "), "x-request-id": requestId },
          },
        );
      }
      const actor = await authenticateMlflowRequest(req);
      const store = storeOf();
      if (r.rpc === "artifacts" && r.path === null)
        return json(200, await list(actor, store, new URL(req.url).searchParams), requestId);
      if (r.rpc === "artifacts" && method === "GET") return await download(actor, store, r.path!);
      if (r.rpc === "artifacts" && method === "PUT")
        return json(200, await upload(req, actor, store, r.path!), requestId);
      if (r.rpc === "artifacts") return json(200, await remove(actor, store, r.path!), requestId);
      return json(200, await multipart(req, actor, store, r.rpc, r.path ?? ""), requestId);
    } catch (err) {
      if (isArtifactPathError(err))
        return json(400, { error_code: "INVALID_PARAMETER_VALUE", message: "Invalid path" }, requestId);
      if (isArtifactIntegrityError(err))
        return json(500, { error_code: "INVALID_STATE", message: err.message }, requestId);
      const { status, body } = toMlflowError(err);
      if (status >= 500 && status !== 501) console.error(`[${requestId}]`, err);
      const challenge: Record<string, string> =
        status === 401 && !prefix.startsWith("/ajax-api") ? { "www-authenticate": 'Basic realm="modelgate"' } : {};
      return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json", "x-request-id": requestId, ...challenge },
      });
    }
  };
}

export const handleArtifactsApi = createArtifactProxy("/api/2.0/mlflow-artifacts");
export const handleArtifactsAjaxApi = createArtifactProxy("/ajax-api/2.0/mlflow-artifacts");
