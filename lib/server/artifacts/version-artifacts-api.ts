import "server-only";
import { PassThrough, Readable } from "node:stream";
import { ZipFile } from "yazl";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TVersionArtifacts } from "@/lib/schemas/artifacts";
import { requirePermission } from "../auth/get-actor";
import type { IArtifactStore } from "./artifact-store";
import { getArtifactStore } from "./get-artifact-store";
import { isArtifactIntegrityError, openVerifiedDownload } from "./verified-download";
import type { TArtifactVersion, TManifestEntry } from "./version-artifacts";

async function loadVersion(versionId: string) {
  const db = await getDb();
  const v = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      number: true,
      modelId: true,
      stage: true,
      artifactUri: true,
      artifactKey: true,
      artifactManifest: true,
      artifactDigest: true,
      modelSignature: true,
      model: { select: { slug: true, teamId: true, dsOwnerId: true, itOwnerId: true } },
    },
  });
  if (!v) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  return v;
}

/** GET /api/v1/versions/{id}/artifacts: the version's stored files with sizes and sha256, their digest, and what MLmodel said. */
export async function listVersionArtifacts({
  actor,
  versionId,
}: {
  actor: TActor;
  versionId: string;
}): Promise<TVersionArtifacts> {
  requirePermission(actor, "models:read");
  const v = await loadVersion(versionId);
  const files = Array.isArray(v.artifactManifest) ? (v.artifactManifest as TManifestEntry[]) : [];
  return {
    versionId: v.id,
    source: v.artifactUri,
    stored: v.artifactKey !== null,
    storeKey: v.artifactKey,
    digest: v.artifactDigest,
    totalBytes: files.reduce((n, f) => n + f.size, 0),
    files,
    model: (v.modelSignature ?? null) as TVersionArtifacts["model"],
  };
}

/**
 * GET /api/v1/versions/{id}/artifacts/download: the version's files as one zip (stored, not deflated: models
 * rarely compress and the CPU is better spent elsewhere), each file verified against the manifest as it
 * streams. A missing file or a size that differs refuses the download before it starts (409, alert, audit);
 * bytes that differ abort the zip before its end, so no complete archive of changed files is ever handed out.
 */
export async function downloadVersionZip({
  actor,
  versionId,
  store = getArtifactStore(),
}: {
  actor: TActor;
  versionId: string;
  store?: IArtifactStore;
}): Promise<Response> {
  requirePermission(actor, "models:read");
  const v = await loadVersion(versionId);
  const manifest = Array.isArray(v.artifactManifest) ? (v.artifactManifest as TManifestEntry[]) : null;
  if (!v.artifactKey || !manifest)
    throw new AppError(
      "CONFLICT",
      `v${v.number}'s files are not in Modelgate's artifact store (source ${v.artifactUri}); there is nothing to download here.`,
    );
  const version: TArtifactVersion = {
    id: v.id,
    modelId: v.modelId,
    number: v.number,
    stage: v.stage,
    artifactKey: v.artifactKey,
    manifest,
    digest: v.artifactDigest,
    leftDesign: v.stage !== "DESIGN",
  };
  const who = { actor, via: "api" as const };
  // Sizes and presence first: a clean refusal while nothing has been sent yet.
  const present = new Map((await store.walk(v.artifactKey)).map((f) => [f.path, f.size]));
  for (const f of manifest) {
    if (present.get(f.path) !== f.size) {
      try {
        const opened = await openVerifiedDownload(store, `${v.artifactKey}/${f.path}`, [version], who);
        opened?.body.destroy();
      } catch (err) {
        if (isArtifactIntegrityError(err)) throw new AppError("CONFLICT", err.message);
        throw err;
      }
    }
  }
  for (const path of present.keys()) {
    if (!manifest.some((f) => f.path === path)) {
      try {
        await openVerifiedDownload(store, `${v.artifactKey}/${path}`, [version], who);
      } catch (err) {
        if (isArtifactIntegrityError(err)) throw new AppError("CONFLICT", err.message);
        throw err;
      }
    }
  }
  const zip = new ZipFile();
  const out = new PassThrough();
  zip.outputStream.on("error", (err) => out.destroy(err));
  zip.outputStream.pipe(out);
  for (const f of manifest) {
    zip.addReadStreamLazy(f.path, { compress: false, size: f.size, mtime: new Date(0) }, (cb) => {
      openVerifiedDownload(store, `${v.artifactKey}/${f.path}`, [version], who).then(
        (opened) => {
          if (!opened) return out.destroy(new Error(`${f.path} vanished`));
          opened.body.on("error", (err) => out.destroy(err));
          cb(null, opened.body);
        },
        (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }
  zip.end();
  const name = `${v.model.slug}-v${v.number}.zip`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${name}"`,
      "x-content-type-options": "nosniff",
      "x-artifact-digest": v.artifactDigest ?? "",
    },
  });
}
