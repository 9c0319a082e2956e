import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireVersionByName } from "./find-registry-ref";

/** getModelVersionDownloadUri: the source, with `runs:/<run>/<path>` resolved against the run's artifact location. */
export async function getModelVersionDownloadUri({ actor, name, version }: { actor: TActor; name: string; version: string }): Promise<string> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const v = await requireVersionByName(db, name, version);
  const m = /^runs:\/([^/]+)\/?(.*)$/.exec(v.artifactUri);
  if (!m) return v.artifactUri;
  const run = await db.mlflowRun.findUnique({ where: { id: m[1]! }, select: { artifactUri: true } });
  if (!run) return v.artifactUri;
  return m[2] ? `${run.artifactUri.replace(/\/+$/, "")}/${m[2]}` : run.artifactUri;
}
