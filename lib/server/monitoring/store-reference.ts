import "server-only";
import type { Tx } from "@/lib/db/client";
import { toStoredColumns, type TColumnBatch } from "@/lib/domain/monitoring/columns";
import type { TColumnSummary } from "@/lib/domain/monitoring/summarize-columns";
import { jsonText } from "@/lib/db/json-text";

/**
 * Writes (or replaces) a version's reference dataset and its column summary; shared by registration and
 * the demo seed. Returns the dataset it replaced, if any. Auditing is the caller's.
 */
export async function storeReference(
  tx: Tx,
  o: {
    versionId: string;
    batch: TColumnBatch;
    rowCount: number;
    summary: TColumnSummary[];
    createdById: string | null;
    createdAt?: Date;
  },
): Promise<{ before: { rowCount: number; createdAt: Date } | null; createdAt: Date }> {
  const before = await tx.referenceDataset.findUnique({
    where: { versionId: o.versionId },
    select: { rowCount: true, createdAt: true },
  });
  const data = { columns: {}, rowCount: o.rowCount, createdById: o.createdById, createdAt: o.createdAt ?? new Date() };
  await tx.referenceDataset.upsert({
    where: { versionId: o.versionId },
    create: { versionId: o.versionId, ...data },
    update: data,
    select: { id: true },
  });
  // Exact numbers, and no engine-side parse of a dataset of many megabytes (see jsonText).
  await tx.$executeRaw`
    UPDATE reference_datasets SET columns = ${jsonText(toStoredColumns(o.batch))}::jsonb, summary = ${jsonText(o.summary)}::jsonb
    WHERE "versionId" = ${o.versionId}`;
  return { before, createdAt: data.createdAt };
}
