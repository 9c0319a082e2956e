import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireVersionByName } from "./find-registry-ref";

/**
 * getModelVersionDownloadUri, as MLflow 2.11's SQL store answers it (`storage_location or source`): the stored
 * source as registered — `runs:/<run>/model` included, which the client resolves itself — except a copy
 * (`models:/<name>/<n>`), whose storage location is the download URI of the version it copies.
 */
export async function getModelVersionDownloadUri({
  actor,
  name,
  version,
}: {
  actor: TActor;
  name: string;
  version: string;
}): Promise<string> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  let uri = (await requireVersionByName(db, name, version)).artifactUri;
  for (let hops = 0; hops < 10; hops++) {
    const m = /^models:\/([^/]+)\/(\d+)\/?$/.exec(uri);
    if (!m) break;
    try {
      uri = (await requireVersionByName(db, decodeURIComponent(m[1]!), m[2]!)).artifactUri;
    } catch {
      break; // the original is gone: the source is all there is
    }
  }
  return uri;
}
