import "server-only";
import type { TColumnSummary } from "@/lib/domain/monitoring/summarize-columns";
import type { TReferenceSummary } from "@/lib/schemas/monitoring";

export const REFERENCE_SUMMARY_SELECT = {
  versionId: true,
  rowCount: true,
  summary: true,
  createdById: true,
  createdAt: true,
} as const;

type Row = { versionId: string; rowCount: number; summary: unknown; createdAt: Date };

export function toReferenceSummary(r: Row, createdBy: { id: string; name: string } | null): TReferenceSummary {
  const columns = (Array.isArray(r.summary) ? r.summary : []) as TColumnSummary[];
  return {
    versionId: r.versionId,
    rowCount: r.rowCount,
    hasPrediction: columns.some((c) => c.role === "prediction"),
    hasLabel: columns.some((c) => c.role === "label"),
    columns,
    createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}
