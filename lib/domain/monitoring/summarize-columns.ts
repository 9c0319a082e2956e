/**
 * A compact description of a stored dataset (what GET /versions/{id}/reference shows): per column its
 * role, type, missing rate, and range or categories. Computed once at registration and stored beside the
 * data, so reading it never loads the (possibly large) columns.
 */
import type { TColumnBatch, TFeatureSpec } from "./columns";

export type TColumnSummary = {
  name: string;
  role: "feature" | "prediction" | "label";
  type: "numeric" | "categorical";
  missingRate: number;
  /** Numeric columns: smallest and largest present value (null when none is present). */
  min: number | null;
  max: number | null;
  /** Categorical columns: distinct values, most frequent first, at most CATEGORIES_MAX; null for numeric ones. */
  categories: string[] | null;
  /** Categorical columns: how many distinct values there are in all. */
  categoryCount: number | null;
};

export const CATEGORIES_MAX = 100;

export function summarizeColumns(schema: readonly TFeatureSpec[], batch: TColumnBatch): TColumnSummary[] {
  const out: TColumnSummary[] = [];
  for (const spec of schema) {
    const values = batch.columns[spec.name];
    if (!values) continue;
    out.push(
      spec.type === "numeric" ? numericSummary(spec.name, "feature", values) : categoricalSummary(spec.name, values),
    );
  }
  if (batch.prediction) out.push(numericSummary("prediction", "prediction", batch.prediction));
  if (batch.label) out.push(numericSummary("label", "label", batch.label));
  return out;
}

function numericSummary(name: string, role: TColumnSummary["role"], values: readonly unknown[]): TColumnSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let missing = 0;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      missing++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const present = values.length - missing;
  return {
    name,
    role,
    type: "numeric",
    missingRate: values.length ? missing / values.length : 0,
    min: present ? min : null,
    max: present ? max : null,
    categories: null,
    categoryCount: null,
  };
}

function categoricalSummary(name: string, values: readonly unknown[]): TColumnSummary {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      missing++;
      continue;
    }
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ordered = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k]) => k);
  return {
    name,
    role: "feature",
    type: "categorical",
    missingRate: values.length ? missing / values.length : 0,
    min: null,
    max: null,
    categories: ordered.slice(0, CATEGORIES_MAX),
    categoryCount: ordered.length,
  };
}
