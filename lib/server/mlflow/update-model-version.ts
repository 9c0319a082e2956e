import "server-only";
import { getDb } from "@/lib/db/client";
import { checkLength, LIMITS } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { Prisma } from "@/generated/prisma/client";
import { requirePermission } from "../auth/get-actor";
import { updateVersion } from "../versions/update-version";
import { requireVersionByName } from "./find-registry-ref";
import { loadVersions, type TLoadedVersion } from "./registry-sql";

/** updateModelVersion: only the description changes (Modelgate's own use case; versions are otherwise evidence). */
export async function updateModelVersion({
  actor,
  name,
  version,
  description,
}: {
  actor: TActor;
  name: string;
  version: string;
  description: string | undefined;
}): Promise<TLoadedVersion> {
  requirePermission(actor, "models:write");
  const db = await getDb();
  const v = await requireVersionByName(db, name, version);
  if (description !== undefined) {
    checkLength("Description", description, LIMITS.description);
    await updateVersion({ actor, versionId: v.id, description });
  }
  return (await loadVersions(db, { where: Prisma.sql`v.id = ${v.id}` }))[0]!;
}
