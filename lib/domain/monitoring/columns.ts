/**
 * The column-oriented shape of every dataset Modelgate ingests (reference datasets and production sample
 * windows): one array per feature, all of the same length, plus optional prediction and label columns.
 * Column-oriented because every statistic works per feature, and because it is what pandas
 * (`df.to_dict("list")`) and Arrow hand over without a reshuffle.
 */

/** One cell: a number (numeric features), a string (categorical features) or null (missing). */
export type TCell = number | string | null;

/** A feature as the version's feature schema declares it (lib/schemas/models.ts ZFeature). */
export type TFeatureSpec = {
  name: string;
  type: "numeric" | "categorical";
  categories?: string[];
  min?: number;
  max?: number;
  nullable?: boolean;
};

/** A batch as clients send it: `columns` holds only features; predictions and labels have their own keys. */
export type TColumnBatch = {
  columns: Record<string, TCell[]>;
  /** Scores (classification) or predicted values (regression); null = not scored. */
  prediction?: (number | null)[];
  /** 0/1 (classification) or the actual value (regression); null = not yet known. */
  label?: (number | null)[];
};

/** Keys of the prediction and label columns once stored beside the features (reference_datasets.columns, sample_windows.columns). */
export const PREDICTION_KEY = "__prediction__";
export const LABEL_KEY = "__label__";
export const RESERVED_COLUMNS: readonly string[] = [PREDICTION_KEY, LABEL_KEY];

/** What the database holds: `{ <feature>: values[], "__prediction__"?: [...], "__label__"?: [...] }`. */
export type TStoredColumns = Record<string, TCell[]>;

export function toStoredColumns(batch: TColumnBatch): TStoredColumns {
  const out: TStoredColumns = { ...batch.columns };
  if (batch.prediction) out[PREDICTION_KEY] = batch.prediction;
  if (batch.label) out[LABEL_KEY] = batch.label;
  return out;
}

/** The inverse of toStoredColumns; non-numeric cells in the prediction or label column read as missing. */
export function fromStoredColumns(stored: TStoredColumns): TColumnBatch {
  const columns: Record<string, TCell[]> = {};
  for (const [name, values] of Object.entries(stored)) if (!RESERVED_COLUMNS.includes(name)) columns[name] = values;
  const numeric = (values: TCell[] | undefined) => values?.map((v) => (typeof v === "number" ? v : null));
  return { columns, prediction: numeric(stored[PREDICTION_KEY]), label: numeric(stored[LABEL_KEY]) };
}
