import "server-only";
import type { Tx } from "@/lib/db/client";
import { jsonText } from "@/lib/db/json-text";
import { toDriftRows, type TWindowAnalysis } from "@/lib/domain/monitoring/analyze-window";
import { PREDICTION_KEY, toStoredColumns, type TColumnBatch } from "@/lib/domain/monitoring/columns";
import type { TQualityFindings } from "@/lib/domain/monitoring/validate-batch";
import { weightedDriftScore } from "@/lib/domain/importance/weighted-drift";
import type { TWindowSummary } from "@/lib/schemas/monitoring";

export type TStoredWindow = { id: string; summary: TWindowSummary; drift: ReturnType<typeof toDriftRows> };

/**
 * Writes one analysed window: the sample_windows row (columns, data-quality findings, summary) and one
 * drift_results row per judged feature plus "__prediction__". Shared by ingestion and the demo seed so
 * both store exactly the same shapes; auditing and health are the caller's.
 */
export async function storeWindow(
  tx: Tx,
  o: {
    versionId: string;
    environment: string;
    windowStart: Date;
    windowEnd: Date;
    batch: TColumnBatch;
    rowCount: number;
    findings: TQualityFindings;
    analysis: TWindowAnalysis;
    /** The version's feature importances (issue 19); null when it has none: the window then has no weighted score. */
    importance: Record<string, number> | null;
    createdAt?: Date;
  },
): Promise<TStoredWindow> {
  const drift = toDriftRows(o.analysis);
  const summary: TWindowSummary = {
    datasetDrift: o.analysis.datasetDrift,
    quality: o.analysis.quality,
    health: o.analysis.health.health,
    reasons: o.analysis.health.reasons,
    rowCount: o.rowCount,
    // Only versions with importances get the key, so every other window's summary is exactly what it was.
    ...(o.importance ? { weightedDrift: weightedDriftOf(o.importance, drift) } : {}),
  };
  const createdAt = o.createdAt ? { createdAt: o.createdAt } : {};
  const window = await tx.sampleWindow.create({
    data: {
      versionId: o.versionId,
      environment: o.environment,
      windowStart: o.windowStart,
      windowEnd: o.windowEnd,
      rowCount: o.rowCount,
      columns: {},
      ...createdAt,
    },
    select: { id: true },
  });
  await tx.$executeRaw`
    UPDATE sample_windows
    SET columns = ${jsonText(toStoredColumns(o.batch))}::jsonb, quality = ${jsonText(o.findings)}::jsonb, summary = ${jsonText(summary)}::jsonb
    WHERE id = ${window.id}`;
  if (drift.length) {
    const rows = await tx.driftResult.createManyAndReturn({
      data: drift.map((d) => ({
        versionId: o.versionId,
        windowId: window.id,
        feature: d.feature,
        method: d.method,
        value: d.value,
        pValue: d.pValue,
        drifted: d.drifted,
        ...createdAt,
      })),
      select: { id: true },
    });
    await tx.$executeRaw`
      UPDATE drift_results AS d SET details = u.details
      FROM unnest(${rows.map((r) => r.id)}::text[], ${drift.map((d) => jsonText(d.details))}::jsonb[]) AS u(id, details)
      WHERE d.id = u.id`;
  }
  return { id: window.id, summary, drift };
}

/** Σ importance·PSI / Σ importance over the features of this window (lib/domain/importance/weighted-drift.ts); predictions excluded. */
function weightedDriftOf(
  importance: Record<string, number>,
  drift: ReturnType<typeof toDriftRows>,
): TWindowSummary["weightedDrift"] {
  const psi: Record<string, number | null> = {};
  for (const d of drift) if (d.feature !== PREDICTION_KEY) psi[d.feature] = d.value;
  return weightedDriftScore(importance, psi);
}
