/**
 * Validates an ingested batch (reference dataset or production sample window) against the version's
 * feature schema. Ingestion reports data-quality problems instead of failing on them; it refuses a batch
 * only when the batch is unusable as a whole. The rule, precisely — a batch is FATAL when:
 *
 *  1. it is empty: no feature column, or zero rows;
 *  2. it has more rows than `maxRows`;
 *  3. its columns (features, `prediction`, `label`) differ in length;
 *  4. a feature column uses a reserved name (`__prediction__`, `__label__`);
 *  5. the version has no feature schema, or none of the columns is a feature of it;
 *  6. a numeric feature holds a value that is not a number (a string in JSON, unparseable text in CSV) —
 *     there is no honest way to compute a distribution around it;
 *  7. a label is not 0/1 for a classification model, or a classification score is outside [0, 1];
 *  8. more than half of the rows are unusable: every feature value the batch carries is missing in them.
 *
 * Everything else is a FINDING, stored with the batch and shown to people: unknown columns (dropped),
 * absent features, missing rates (also for non-nullable features), categories never declared or never
 * seen in the reference, and values outside the declared [min, max]. Categorical cells sent as numbers are
 * read as their decimal text ("3"), and empty strings as missing, so `df.to_dict("list")` works as is.
 */
import { RESERVED_COLUMNS, type TCell, type TColumnBatch, type TFeatureSpec } from "./columns";

export type TFatalIssue = { row?: number; path: string; message: string };

export type TFeatureFindings = {
  /** Missing cells / rows. */
  missingRate: number;
  /** Distinct categories outside the allowed set, in order of first appearance, at most UNSEEN_CATEGORIES_MAX. */
  unseenCategories: string[];
  /** Unseen cells / present cells (0 when nothing is present). */
  unseenShare: number;
  /** Present numeric cells below `min` or above `max`. */
  outOfRange: number;
  /** outOfRange / present cells (0 when nothing is present). */
  outOfRangeShare: number;
};

export type TQualityFindings = {
  unknownColumns: string[];
  absentColumns: string[];
  features: Record<string, TFeatureFindings>;
};

export type TProblemKind = "CLASSIFICATION" | "REGRESSION" | "OTHER";

export type TValidateOptions = {
  maxRows: number;
  problemType: TProblemKind;
  /** Categories seen in the reference, for categorical features whose schema declares none. */
  knownCategories?: Readonly<Record<string, readonly string[]>>;
};

export type TBatchValidation = {
  /** Empty when the batch may be stored. */
  fatal: TFatalIssue[];
  /** How many fatal issues there were in all (`fatal` keeps the first FATAL_ISSUES_MAX). */
  fatalCount: number;
  findings: TQualityFindings;
  /** The batch to store: known features only, categorical cells as strings, empty strings as null. */
  batch: TColumnBatch;
  rowCount: number;
};

export const FATAL_ISSUES_MAX = 50;
export const UNSEEN_CATEGORIES_MAX = 20;
export const UNUSABLE_ROWS_MAX_SHARE = 0.5;

class IssueList {
  readonly items: TFatalIssue[] = [];
  count = 0;
  add(issue: TFatalIssue): void {
    this.count++;
    if (this.items.length < FATAL_ISSUES_MAX) this.items.push(issue);
  }
}

export function validateBatch(
  schema: readonly TFeatureSpec[],
  batch: TColumnBatch,
  options: TValidateOptions,
): TBatchValidation {
  const issues = new IssueList();
  const byName = new Map(schema.map((f) => [f.name, f]));
  const names = Object.keys(batch.columns);
  const unknownColumns = names.filter((n) => !byName.has(n) && !RESERVED_COLUMNS.includes(n));
  const known = names.filter((n) => byName.has(n) && !RESERVED_COLUMNS.includes(n));
  const absentColumns = schema.filter((f) => !(f.name in batch.columns)).map((f) => f.name);
  const rowCount = checkShape(batch, names, options.maxRows, issues);
  for (const n of names)
    if (RESERVED_COLUMNS.includes(n))
      issues.add({
        path: `columns.${n}`,
        message: `"${n}" is reserved: send predictions in \`prediction\` and labels in \`label\`.`,
      });
  if (schema.length === 0)
    issues.add({ path: "columns", message: "The version has no feature schema; register one before sending data." });
  else if (known.length === 0 && names.length > 0) {
    issues.add({
      path: "columns",
      message: `None of the columns (${preview(names)}) is a feature of this version (${preview(schema.map((f) => f.name))}).`,
    });
  }
  const empty: TBatchValidation = {
    fatal: issues.items,
    fatalCount: issues.count,
    findings: { unknownColumns, absentColumns, features: {} },
    batch: { columns: {} },
    rowCount,
  };
  if (issues.count > 0) return empty;

  const columns: Record<string, TCell[]> = {};
  const features: Record<string, TFeatureFindings> = {};
  for (const name of known) {
    const spec = byName.get(name)!;
    const values = batch.columns[name]!;
    const checked =
      spec.type === "numeric"
        ? checkNumeric(spec, values, issues)
        : checkCategorical(spec, values, options.knownCategories?.[name]);
    columns[name] = checked.values;
    features[name] = checked.findings;
  }
  checkTargets(batch, options.problemType, issues);
  if (issues.count === 0)
    checkUsableRows(
      known.map((n) => columns[n]!),
      rowCount,
      issues,
    );
  return {
    fatal: issues.items,
    fatalCount: issues.count,
    findings: { unknownColumns, absentColumns, features },
    batch: {
      columns,
      ...(batch.prediction ? { prediction: batch.prediction } : {}),
      ...(batch.label ? { label: batch.label } : {}),
    },
    rowCount,
  };
}

/** Rules 1–3; returns the row count (the first column's length). */
function checkShape(batch: TColumnBatch, names: string[], maxRows: number, issues: IssueList): number {
  const all: [string, unknown[]][] = names.map((n) => [`columns.${n}`, batch.columns[n]!]);
  if (batch.prediction) all.push(["prediction", batch.prediction]);
  if (batch.label) all.push(["label", batch.label]);
  const rowCount = all[0]?.[1].length ?? 0;
  if (names.length === 0 || rowCount === 0) {
    issues.add({
      path: "columns",
      message: "The batch is empty: send at least one feature column with at least one row.",
    });
    return rowCount;
  }
  if (rowCount > maxRows)
    issues.add({
      path: "columns",
      message: `The batch has ${rowCount} rows; at most ${maxRows} are accepted per request.`,
    });
  for (const [path, values] of all.slice(1)) {
    if (values.length !== rowCount)
      issues.add({
        path,
        message: `Has ${values.length} values; ${all[0]![0]} has ${rowCount}. Every column needs one value per row.`,
      });
  }
  return rowCount;
}

function checkNumeric(
  spec: TFeatureSpec,
  values: TCell[],
  issues: IssueList,
): { values: TCell[]; findings: TFeatureFindings } {
  let missing = 0;
  let outOfRange = 0;
  for (let row = 0; row < values.length; row++) {
    const v = values[row];
    if (v === null || v === undefined) {
      missing++;
    } else if (typeof v !== "number" || !Number.isFinite(v)) {
      issues.add({
        row,
        path: `columns.${spec.name}.${row}`,
        message: `Row ${row}: ${JSON.stringify(v)} is not a number, and "${spec.name}" is numeric.`,
      });
    } else if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
      outOfRange++;
    }
  }
  const present = values.length - missing;
  return {
    values,
    findings: {
      missingRate: missing / values.length,
      unseenCategories: [],
      unseenShare: 0,
      outOfRange,
      outOfRangeShare: present ? outOfRange / present : 0,
    },
  };
}

function checkCategorical(
  spec: TFeatureSpec,
  values: TCell[],
  known: readonly string[] | undefined,
): { values: TCell[]; findings: TFeatureFindings } {
  const allowed = spec.categories ?? known;
  const allowedSet = allowed ? new Set(allowed) : null;
  const unseen = new Set<string>();
  let unseenCells = 0;
  let missing = 0;
  const out: TCell[] = new Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const raw = values[row];
    const v = raw === null || raw === undefined || raw === "" ? null : String(raw);
    out[row] = v;
    if (v === null) {
      missing++;
      continue;
    }
    if (allowedSet && !allowedSet.has(v)) {
      unseenCells++;
      if (unseen.size < UNSEEN_CATEGORIES_MAX) unseen.add(v);
    }
  }
  const present = values.length - missing;
  return {
    values: out,
    findings: {
      missingRate: missing / values.length,
      unseenCategories: [...unseen],
      unseenShare: present ? unseenCells / present : 0,
      outOfRange: 0,
      outOfRangeShare: 0,
    },
  };
}

/** Rule 7: labels and scores a quality metric could not interpret. */
function checkTargets(batch: TColumnBatch, problemType: TProblemKind, issues: IssueList): void {
  if (problemType !== "CLASSIFICATION") return;
  batch.label?.forEach((v, row) => {
    if (v !== null && v !== 0 && v !== 1)
      issues.add({
        row,
        path: `label.${row}`,
        message: `Row ${row}: label ${v} is not 0 or 1 (this is a classification model).`,
      });
  });
  batch.prediction?.forEach((v, row) => {
    if (v !== null && !(v >= 0 && v <= 1))
      issues.add({
        row,
        path: `prediction.${row}`,
        message: `Row ${row}: score ${v} is outside [0, 1]; send probabilities, not margins.`,
      });
  });
}

/** Rule 8: a row is unusable when every feature value the batch carries is missing in it. */
function checkUsableRows(columns: TCell[][], rowCount: number, issues: IssueList): void {
  const unusable: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (columns.every((c) => c[row] === null || c[row] === undefined)) unusable.push(row);
  }
  if (unusable.length > rowCount * UNUSABLE_ROWS_MAX_SHARE) {
    issues.add({
      row: unusable[0],
      path: "columns",
      message: `${unusable.length} of ${rowCount} rows have no feature value at all (rows ${unusable.slice(0, 10).join(", ")}${unusable.length > 10 ? ", …" : ""}); more than half of the batch is unusable.`,
    });
  }
}

function preview(names: string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(", ")}, … ${names.length - 8} more` : names.join(", ");
}
