import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { rankImportance, topShare, type TImportanceMethod } from "@/lib/domain/importance/feature-importance";
import type { TFeatureImportanceDto } from "@/lib/schemas/importance";

type TRow = {
  versionId: string;
  method: string;
  values: string;
  segments: string;
  source: string;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * The stored importances of some versions, by version id. One statement; values come back as jsonb *text* and are
 * parsed here, so the numbers are the ones sent, bit for bit (see lib/db/json-text.ts).
 */
export async function loadImportances(
  db: Db | Tx,
  versionIds: readonly string[],
): Promise<Map<string, TFeatureImportanceDto>> {
  if (!versionIds.length) return new Map();
  const rows = await db.$queryRaw<TRow[]>`
    SELECT f."versionId", f.method, f."values"::text AS "values", f.segments::text AS segments, f.source, f."createdById", u.name AS "createdByName", f."createdAt", f."updatedAt"
    FROM feature_importances f LEFT JOIN users u ON u.id = f."createdById"
    WHERE f."versionId" = ANY(${[...versionIds]}::text[])`;
  return new Map(rows.map((r) => [r.versionId, toImportanceDto(r)]));
}

function toImportanceDto(r: TRow): TFeatureImportanceDto {
  const values = JSON.parse(r.values) as Record<string, number>;
  const ranked = rankImportance(values);
  return {
    versionId: r.versionId,
    method: r.method as TImportanceMethod,
    values,
    segments: JSON.parse(r.segments) as Record<string, Record<string, number>>,
    ranked,
    topShare: topShare(ranked),
    source: r.source as TFeatureImportanceDto["source"],
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? "" } : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Only the values of a version's importances, for the weighted drift of each ingested window: one primary-key
 * lookup, parsed from jsonb text (null when the version has none).
 */
export async function loadImportanceValues(db: Db | Tx, versionId: string): Promise<Record<string, number> | null> {
  const [row] = await db.$queryRaw<
    { values: string }[]
  >`SELECT "values"::text AS "values" FROM feature_importances WHERE "versionId" = ${versionId}`;
  return row ? (JSON.parse(row.values) as Record<string, number>) : null;
}
