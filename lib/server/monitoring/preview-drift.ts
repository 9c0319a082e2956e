import "server-only";
import { getDb } from "@/lib/db/client";
import { toDriftRows } from "@/lib/domain/monitoring/analyze-window";
import type { TFeatureSpec } from "@/lib/domain/monitoring/columns";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TDriftPreviewResponse } from "@/lib/schemas/monitoring";
import { requirePermission } from "../auth/get-actor";
import { analyzeAgainstReference } from "./analyze-against-reference";
import type { TColumnsInput } from "./validate-columns-input";

/**
 * "What would this file look like in production?": validates a dataset against the version's feature schema
 * and measures it against the reference exactly as `ingestSamples` does (`analyzeAgainstReference`), but writes nothing — no window, no
 * audit event, no health change, no alert. Reading only, so it is not limited to the model's team; it asks
 * for `monitoring:ingest` rather than `models:read` because it parses up to 20 MiB and runs every statistic,
 * work a read-only token or a manager has no reason to trigger.
 */
export async function previewDrift(o: {
  actor: TActor;
  versionId: string;
  input: TColumnsInput;
}): Promise<TDriftPreviewResponse> {
  requirePermission(o.actor, "monitoring:ingest");
  const db = await getDb();
  const version = await db.modelVersion.findUnique({
    where: { id: o.versionId },
    select: {
      featureSchema: true,
      model: { select: { slug: true, problemType: true, datasetDriftThreshold: true } },
      referenceDataset: { select: { columns: true } },
    },
  });
  if (!version) throw new AppError("NOT_FOUND", `No version "${o.versionId}".`);
  if (!version.referenceDataset)
    throw new AppError(
      "CONFLICT",
      `This version of ${version.model.slug} has no reference dataset to compare with; register one first (POST …/reference).`,
    );
  const schema = (Array.isArray(version.featureSchema) ? version.featureSchema : []) as TFeatureSpec[];
  const { problemType, datasetDriftThreshold } = version.model;
  const { findings, rowCount, analysis } = analyzeAgainstReference({
    schema,
    problemType,
    datasetDriftThreshold,
    referenceColumns: version.referenceDataset.columns,
    input: o.input,
  });
  return {
    rowCount,
    findings,
    features: toDriftRows(analysis).map((d) => ({ ...d, details: d.details as unknown as Record<string, unknown> })),
    datasetDrift: analysis.datasetDrift,
    quality: analysis.quality,
    health: analysis.health.health,
    reasons: analysis.health.reasons,
  };
}
