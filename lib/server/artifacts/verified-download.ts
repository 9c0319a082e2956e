import "server-only";
import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { IArtifactStore } from "./artifact-store";
import { recordDigestMismatch, type TMismatch } from "./record-digest-mismatch";
import type { TArtifactVersion, TManifestEntry } from "./version-artifacts";

/** Thrown when stored bytes differ from the version's manifest; the mismatch is already alerted and audited. */
export class ArtifactIntegrityError extends Error {
  constructor(readonly mismatch: TMismatch) {
    super(
      `The stored bytes of '${mismatch.file}' do not match the digest recorded when version ${mismatch.versionNumber} was registered (${mismatch.reason}); the download is refused and a critical alert is open on the model.`,
    );
  }
}

export function isArtifactIntegrityError(err: unknown): err is ArtifactIntegrityError {
  return err instanceof ArtifactIntegrityError;
}

type TWho = { actor: TActor; via: "mlflow" | "api" };

/**
 * A stream that passes the bytes through while hashing them and holds back the last chunk until the hash is
 * known: when it differs from the manifest (or the size does), the stream fails before the file is complete,
 * so a client never receives a whole file that is not the approved one.
 */
export function verifyingStream(
  expected: TManifestEntry,
  onMismatch: (actual: { size: number; sha256: string }) => Promise<Error>,
): Transform {
  const hash = createHash("sha256");
  let size = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      const out = held;
      held = chunk;
      if (size > expected.size) {
        onMismatch({ size, sha256: "(larger than recorded)" }).then(done, done);
        return;
      }
      done(null, out ?? undefined);
    },
    flush(done) {
      const sha256 = hash.digest("hex");
      if (size !== expected.size || sha256 !== expected.sha256) {
        onMismatch({ size, sha256 }).then(done, done);
        return;
      }
      done(null, held ?? undefined);
    },
  });
}

/**
 * Opens a file for download. When it lies in a registered version's directory with a manifest, the bytes are
 * checked against it: a file that is missing, not in the manifest, or of another size is refused before
 * anything is sent; other differences fail the stream at its end. Every mismatch opens a critical alert on the
 * model and is audited (recordDigestMismatch). Files of no version stream as stored.
 */
export async function openVerifiedDownload(
  store: IArtifactStore,
  key: string,
  covering: TArtifactVersion[],
  who: TWho,
): Promise<{ body: Readable; size: number } | null> {
  const version = covering.find((v) => v.manifest !== null && key.startsWith(`${v.artifactKey}/`));
  const file = await store.get(key);
  if (!version) return file;
  const rel = key.slice(version.artifactKey.length + 1);
  const entry = version.manifest!.find((f) => f.path === rel);
  const refuse = async (reason: string, actual: { size: number; sha256: string } | null): Promise<Error> => {
    const mismatch: TMismatch = {
      versionId: version.id,
      modelId: version.modelId,
      versionNumber: version.number,
      digest: version.digest,
      file: rel,
      key,
      reason,
      expected: entry ?? null,
      actual,
      via: who.via,
    };
    await recordDigestMismatch(who.actor, mismatch);
    return new ArtifactIntegrityError(mismatch);
  };
  if (!file) {
    if (!entry) return null;
    throw await refuse("the file is missing", null);
  }
  if (!entry) {
    file.body.destroy();
    throw await refuse("the file is not in the version's manifest", { size: file.size, sha256: "" });
  }
  if (file.size !== entry.size) {
    file.body.destroy();
    throw await refuse(`size ${file.size} instead of ${entry.size}`, { size: file.size, sha256: "" });
  }
  const check = verifyingStream(entry, (actual) =>
    refuse(actual.size !== entry.size ? `size ${actual.size} instead of ${entry.size}` : "sha256 differs", actual),
  );
  file.body.on("error", (err) => check.destroy(err));
  return { body: file.body.pipe(check), size: file.size };
}
