import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";

export type TManifestEntry = { path: string; size: number; sha256: string };

export type TArtifactVersion = {
  id: string;
  modelId: string;
  number: number;
  stage: string;
  artifactKey: string;
  manifest: TManifestEntry[] | null;
  digest: string | null;
  /** The version is or was beyond Design (its files were judged by a gate, or are on their way to be). */
  leftDesign: boolean;
};

type TRow = Omit<TArtifactVersion, "manifest"> & { manifest: unknown };

/** `a/b/c` → ["a", "a/b", "a/b/c"]. */
const ancestors = (key: string) => key.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));

/**
 * Versions whose files lie at or around a store key: `covering` = versions whose directory is the key or
 * one of its parents (the key is one of their files or sub-directories), plus, with `inside`, versions whose
 * directory lies under the key (deleting the key would delete their files).
 */
export async function versionsAt(db: Db | Tx, key: string, o: { inside: boolean }): Promise<TArtifactVersion[]> {
  if (!key) return o.inside ? versionsWhere(db, Prisma.sql`v."artifactKey" IS NOT NULL`) : [];
  const under = o.inside ? Prisma.sql`OR starts_with(v."artifactKey", ${`${key}/`})` : Prisma.empty;
  return versionsWhere(
    db,
    Prisma.sql`v."artifactKey" IS NOT NULL AND (v."artifactKey" = ANY(${ancestors(key)}::text[]) ${under})`,
  );
}

async function versionsWhere(db: Db | Tx, where: Prisma.Sql): Promise<TArtifactVersion[]> {
  const rows = await db.$queryRaw<TRow[]>`
    SELECT v.id, v."modelId", v.number, v.stage::text AS stage, v."artifactKey", v."artifactManifest" AS manifest, v."artifactDigest" AS digest,
      (v.stage <> 'DESIGN' OR EXISTS (SELECT 1 FROM stage_history h WHERE h."versionId" = v.id AND h."toStage" <> 'DESIGN')) AS "leftDesign"
    FROM model_versions v WHERE ${where} ORDER BY v."artifactKey" DESC, v."createdAt" ASC`;
  return rows.map((r) => ({
    ...r,
    number: Number(r.number),
    manifest: Array.isArray(r.manifest) ? (r.manifest as TManifestEntry[]) : null,
  }));
}
