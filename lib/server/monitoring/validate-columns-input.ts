import "server-only";
import type { TColumnBatch, TFeatureSpec } from "@/lib/domain/monitoring/columns";
import { parseCsvBatch } from "@/lib/domain/monitoring/csv";
import {
  validateBatch,
  type TFatalIssue,
  type TProblemKind,
  type TQualityFindings,
} from "@/lib/domain/monitoring/validate-batch";
import { AppError } from "@/lib/errors";
import { MAX_DATASET_ROWS, type TIngestColumnsRequest } from "@/lib/schemas/monitoring";

/** A dataset as it reached the route: zod-checked JSON, or CSV text whose column types come from the schema. */
export type TColumnsInput = { format: "json"; body: TIngestColumnsRequest } | { format: "csv"; text: string };

/**
 * Parses (CSV) and validates a dataset against the feature schema (lib/domain/monitoring/validate-batch.ts).
 * Throws VALIDATION_FAILED naming the rows and fields when the batch is unusable as a whole; otherwise
 * returns the batch to store and its data-quality findings.
 */
export function validateColumnsInput(
  input: TColumnsInput,
  o: { schema: TFeatureSpec[]; problemType: TProblemKind; knownCategories?: Record<string, string[]> },
): { batch: TColumnBatch; findings: TQualityFindings; rowCount: number } {
  let batch: TColumnBatch;
  if (input.format === "csv") {
    const parsed = parseCsvBatch(input.text, o.schema, { maxRows: MAX_DATASET_ROWS });
    if (!parsed.batch) throw refusal(parsed.fatal, parsed.fatal.length);
    batch = parsed.batch;
  } else {
    batch = input.body;
  }
  const checked = validateBatch(o.schema, batch, {
    maxRows: MAX_DATASET_ROWS,
    problemType: o.problemType,
    knownCategories: o.knownCategories,
  });
  if (checked.fatal.length) throw refusal(checked.fatal, checked.fatalCount);
  return { batch: checked.batch, findings: checked.findings, rowCount: checked.rowCount };
}

function refusal(fatal: TFatalIssue[], count: number): AppError {
  const rows = [...new Set(fatal.flatMap((f) => (f.row === undefined ? [] : [f.row])))];
  const listed = count > fatal.length ? ` (the first ${fatal.length} of ${count} are listed)` : "";
  return new AppError(
    "VALIDATION_FAILED",
    `The batch cannot be used as a whole, so nothing of it was stored: ${count} problem${count === 1 ? "" : "s"}${listed}.`,
    {
      errors: fatal.map((f) => ({ path: f.path, message: f.message })),
      extra: { rows },
    },
  );
}

/** What a dataset route received: CSV text when sent as text/csv, else the zod-checked JSON body. */
export function toColumnsInput(body: TIngestColumnsRequest | undefined, text: { text: string } | null): TColumnsInput {
  if (text) return { format: "csv", text: text.text };
  if (!body) throw new AppError("BAD_REQUEST", "The request has no body.");
  return { format: "json", body };
}
