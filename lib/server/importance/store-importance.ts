import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TFeatureImportance } from "@/lib/domain/importance/feature-importance";
import { jsonText } from "@/lib/db/json-text";

export type TImportanceSource = "api" | "mlflow" | "seed";

/**
 * Writes (or, while the version is in DESIGN, replaces) a version's importances. Values go in as jsonb text so
 * the stored numbers equal the ones sent. Returns the previous method and values, for the audit event. The
 * caller has checked the stage and holds the version row.
 */
export async function storeImportance(
  tx: Tx,
  o: { versionId: string; importance: TFeatureImportance; source: TImportanceSource; actorId: string | null },
) {
  const [before] = await tx.$queryRaw<
    { method: string; values: string }[]
  >`SELECT method, "values"::text AS "values" FROM feature_importances WHERE "versionId" = ${o.versionId}`;
  await tx.$executeRaw`
    INSERT INTO feature_importances ("versionId", method, "values", segments, source, "createdById")
    VALUES (${o.versionId}, ${o.importance.method}, ${jsonText(o.importance.values)}::jsonb, ${jsonText(o.importance.segments)}::jsonb, ${o.source}, ${o.actorId})
    ON CONFLICT ("versionId") DO UPDATE SET method = EXCLUDED.method, "values" = EXCLUDED."values", segments = EXCLUDED.segments,
      source = EXCLUDED.source, "createdById" = EXCLUDED."createdById", "updatedAt" = now()`;
  return before ? { method: before.method, values: JSON.parse(before.values) as Record<string, number> } : null;
}
