/**
 * CSV uploads (RFC 4180) into the column shape of ./columns.ts. What is accepted:
 * - a header row naming the columns (a UTF-8 byte-order mark is ignored); names are trimmed and unique;
 * - fields separated by commas, records by CRLF or LF; double-quoted fields may hold commas, line breaks
 *   and doubled quotes (`"a ""b"""` is `a "b"`);
 * - blank lines are skipped (as pandas does), so a trailing newline is harmless;
 * - an empty field is missing (null); in numeric columns NaN, NA, N/A, null and None are missing too;
 * - columns named `prediction` / `label` (or `__prediction__` / `__label__`, needed when a feature
 *   already bears the short name) are the prediction and label columns, parsed as numbers;
 * - numeric features are parsed as decimal numbers (`1.5`, `-2e-3`); any other text is left as is so that
 *   validateBatch reports it with its row; categorical and unknown columns stay text.
 * Fatal (nothing stored): an empty file, a bad header, a quoted field never closed, text after a closing
 * quote, a record whose field count differs from the header's, an unparseable prediction or label,
 * more than `maxRows` data rows. Rows are numbered from 0 (the first data row), as in JSON paths;
 * messages also give the 1-based line of the file.
 */
import { LABEL_KEY, PREDICTION_KEY, type TCell, type TColumnBatch, type TFeatureSpec } from "./columns";
import { FATAL_ISSUES_MAX, type TFatalIssue } from "./validate-batch";

export type TCsvResult = { fatal: TFatalIssue[]; batch: TColumnBatch | null };

type TColumnKind = "numeric" | "text" | "prediction" | "label";
type TColumnSink = { name: string; kind: TColumnKind; values: TCell[] };

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING_NUMERIC = new Set(["nan", "na", "n/a", "null", "none"]);
const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export function parseCsvBatch(text: string, schema: readonly TFeatureSpec[], options: { maxRows: number }): TCsvResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reader = new RecordReader(source);
  const header = reader.next();
  if (header.kind === "error") return fail([{ path: "csv.header", message: `Header: ${header.issue.message}` }]);
  if (header.kind === "end")
    return fail([{ path: "csv", message: "The file is empty: send a header row and at least one data row." }]);
  const sinks = headerSinks(
    header.fields.map((f) => f.trim()),
    schema,
  );
  if ("issue" in sinks) return fail([sinks.issue]);

  const issues: TFatalIssue[] = [];
  let row = 0;
  for (;;) {
    const record = reader.next();
    if (record.kind === "end") break;
    if (record.kind === "error")
      return fail([
        ...issues,
        { ...record.issue, row, path: `csv.row.${row}`, message: `Row ${row}: ${record.issue.message}` },
      ]);
    if (row >= options.maxRows)
      return fail([
        {
          path: "csv",
          message: `The file has more than ${options.maxRows} data rows; at most ${options.maxRows} are accepted per request.`,
        },
      ]);
    if (record.fields.length !== sinks.length) {
      issues.push({
        row,
        path: `csv.row.${row}`,
        message: `Row ${row} (line ${record.line}) has ${record.fields.length} fields; the header has ${sinks.length}.`,
      });
      if (issues.length >= FATAL_ISSUES_MAX) return fail(issues);
    } else {
      for (let c = 0; c < sinks.length; c++) {
        const sink = sinks[c]!;
        const value = toCell(record.fields[c]!, sink.kind);
        if (typeof value === "string" && (sink.kind === "prediction" || sink.kind === "label")) {
          issues.push({
            row,
            path: `${sink.kind}.${row}`,
            message: `Row ${row} (line ${record.line}): ${sink.kind} ${JSON.stringify(value)} is not a number.`,
          });
          if (issues.length >= FATAL_ISSUES_MAX) return fail(issues);
        }
        sink.values.push(value);
      }
    }
    row++;
  }
  if (issues.length) return fail(issues);
  const batch: TColumnBatch = { columns: {} };
  for (const s of sinks) {
    if (s.kind === "prediction") batch.prediction = s.values as (number | null)[];
    else if (s.kind === "label") batch.label = s.values as (number | null)[];
    else batch.columns[s.name] = s.values;
  }
  return { fatal: [], batch };
}

function fail(fatal: TFatalIssue[]): TCsvResult {
  return { fatal, batch: null };
}

function headerSinks(names: string[], schema: readonly TFeatureSpec[]): TColumnSink[] | { issue: TFatalIssue } {
  const features = new Map(schema.map((f) => [f.name, f]));
  const seen = new Set<string>();
  const sinks: TColumnSink[] = [];
  for (const [i, name] of names.entries()) {
    if (!name) return { issue: { path: "csv.header", message: `Header column ${i + 1} has no name.` } };
    if (seen.has(name)) return { issue: { path: "csv.header", message: `The header names "${name}" twice.` } };
    seen.add(name);
    const feature = features.get(name);
    let kind: TColumnKind = feature?.type === "numeric" ? "numeric" : "text";
    if (name === PREDICTION_KEY || (name === "prediction" && !feature)) kind = "prediction";
    if (name === LABEL_KEY || (name === "label" && !feature)) kind = "label";
    sinks.push({ name, kind, values: [] });
  }
  const prediction = sinks.filter((s) => s.kind === "prediction");
  const label = sinks.filter((s) => s.kind === "label");
  if (prediction.length > 1 || label.length > 1)
    return {
      issue: {
        path: "csv.header",
        message:
          "Send one prediction column and one label column at most (prediction or __prediction__, label or __label__).",
      },
    };
  return sinks;
}

function toCell(raw: string, kind: TColumnKind): TCell {
  if (raw === "") return null;
  if (kind === "text") return raw;
  const trimmed = raw.trim();
  if (trimmed === "" || MISSING_NUMERIC.has(trimmed.toLowerCase())) return null;
  return NUMBER_RE.test(trimmed) ? Number(trimmed) : raw;
}

type TRecord =
  { kind: "record"; fields: string[]; line: number } | { kind: "end" } | { kind: "error"; issue: TFatalIssue };

/** Reads one record at a time; tracks the 1-based line where each record starts. */
class RecordReader {
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  next(): TRecord {
    const t = this.text;
    // Blank lines between records are skipped.
    while (this.pos < t.length && (t.charCodeAt(this.pos) === LF || t.charCodeAt(this.pos) === CR))
      this.consumeNewline();
    if (this.pos >= t.length) return { kind: "end" };
    const line = this.line;
    const fields: string[] = [];
    for (;;) {
      if (t.charCodeAt(this.pos) === QUOTE) {
        const quoted = this.readQuoted(line);
        if (typeof quoted !== "string") return quoted;
        fields.push(quoted);
      } else {
        fields.push(this.readPlain());
      }
      const c = this.pos < t.length ? t.charCodeAt(this.pos) : -1;
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      if (c === -1) return { kind: "record", fields, line };
      if (c === LF || c === CR) {
        this.consumeNewline();
        return { kind: "record", fields, line };
      }
      return {
        kind: "error",
        issue: {
          path: "csv",
          message: `line ${this.line}: unexpected ${JSON.stringify(t[this.pos])} after a closing quote; quote the whole field and double the quotes inside it.`,
        },
      };
    }
  }

  private readPlain(): string {
    const t = this.text;
    const start = this.pos;
    let i = start;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === COMMA || c === LF || c === CR) break;
      i++;
    }
    this.pos = i;
    return t.slice(start, i);
  }

  private readQuoted(recordLine: number): string | TRecord {
    const t = this.text;
    const openedAt = this.line;
    let i = this.pos + 1;
    let out = "";
    for (;;) {
      const close = t.indexOf('"', i);
      if (close === -1) {
        return {
          kind: "error",
          issue: {
            path: "csv",
            message: `the quoted field opened on line ${openedAt} is never closed (record starting on line ${recordLine}).`,
          },
        };
      }
      out += t.slice(i, close);
      if (t.charCodeAt(close + 1) === QUOTE) {
        out += '"';
        i = close + 2;
        continue;
      }
      this.pos = close + 1;
      break;
    }
    for (let k = 0; k < out.length; k++) if (out.charCodeAt(k) === LF) this.line++;
    return out;
  }

  private consumeNewline(): void {
    const t = this.text;
    if (t.charCodeAt(this.pos) === CR && t.charCodeAt(this.pos + 1) === LF) this.pos += 2;
    else this.pos++;
    this.line++;
  }
}
