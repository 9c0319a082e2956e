import "server-only";
import { analyzeWindow, referenceCategories } from "@/lib/domain/monitoring/analyze-window";
import { fromStoredColumns, type TFeatureSpec, type TStoredColumns } from "@/lib/domain/monitoring/columns";
import { defaultHealthRules } from "@/lib/domain/monitoring/health";
import type { TProblemKind } from "@/lib/domain/monitoring/validate-batch";
import { validateColumnsInput, type TColumnsInput } from "./validate-columns-input";

/**
 * Validates a dataset against the feature schema and measures it against the stored reference: the one path
 * shared by stored windows (`ingestSamples`) and the drift preview, so a preview always says what ingesting the
 * same file would store. Throws VALIDATION_FAILED (rows and fields named) when the batch is unusable as a whole.
 */
export function analyzeAgainstReference(o: {
  schema: TFeatureSpec[];
  problemType: TProblemKind;
  datasetDriftThreshold: number;
  referenceColumns: unknown;
  input: TColumnsInput;
}) {
  const reference = fromStoredColumns(o.referenceColumns as TStoredColumns);
  const checked = validateColumnsInput(o.input, {
    schema: o.schema,
    problemType: o.problemType,
    knownCategories: referenceCategories(o.schema, reference),
  });
  const analysis = analyzeWindow({
    schema: o.schema,
    reference,
    window: checked.batch,
    problemType: o.problemType,
    datasetDriftThreshold: o.datasetDriftThreshold,
    healthRules: defaultHealthRules(o.problemType),
  });
  return { ...checked, analysis };
}
