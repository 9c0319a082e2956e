/**
 * The pure core of sample-window ingestion, shared by the API (lib/server/monitoring/ingest-samples.ts)
 * and the demo seed: drift of every feature present on both sides, prediction drift, quality when labels
 * exist, dataset drift and the window's health. Statistics come from lib/domain/drift.ts (DESIGN.md §3).
 */
import {
  categoricalDrift,
  classificationQuality,
  datasetDrift,
  numericDrift,
  regressionQuality,
  type TCategoricalDriftResult,
  type TDatasetDriftResult,
  type TMaybeLabel,
  type TNumericDriftResult,
} from "../drift";
import { PREDICTION_KEY, type TCell, type TColumnBatch, type TFeatureSpec } from "./columns";
import type { THealthRule } from "./health";
import type { TProblemKind } from "./validate-batch";
import { assessWindowHealth, type THealthAssessment, type TWindowQuality } from "./window-health";

export type TFeatureDrift = { feature: string; result: TNumericDriftResult | TCategoricalDriftResult };

export type TWindowAnalysis = {
  /** In feature-schema order; features absent from either side are not judged. */
  features: TFeatureDrift[];
  /** Reference vs window predictions; null when either side has none. */
  prediction: TNumericDriftResult | null;
  datasetDrift: TDatasetDriftResult;
  /** null without rows that carry both a prediction and a label, and for problem type OTHER. */
  quality: TWindowQuality | null;
  health: THealthAssessment;
};

/** One drift_results row: value is the PSI, pValue the test's p-value, details the full result. */
export type TDriftRow = {
  feature: string;
  method: string;
  value: number | null;
  pValue: number | null;
  drifted: boolean;
  details: TNumericDriftResult | TCategoricalDriftResult;
};

export const CLASSIFICATION_THRESHOLD = 0.5;

export function analyzeWindow(o: {
  schema: readonly TFeatureSpec[];
  reference: TColumnBatch;
  window: TColumnBatch;
  problemType: TProblemKind;
  datasetDriftThreshold: number;
  healthRules: THealthRule[];
}): TWindowAnalysis {
  const features: TFeatureDrift[] = [];
  for (const spec of o.schema) {
    const ref = o.reference.columns[spec.name];
    const cur = o.window.columns[spec.name];
    if (!ref || !cur) continue;
    const result =
      spec.type === "numeric"
        ? numericDrift(asNumbers(ref), asNumbers(cur))
        : categoricalDrift(asCategories(ref), asCategories(cur));
    features.push({ feature: spec.name, result });
  }
  const prediction =
    o.reference.prediction && o.window.prediction ? numericDrift(o.reference.prediction, o.window.prediction) : null;
  const drift = datasetDrift(
    features.map((f) => f.result),
    o.datasetDriftThreshold,
  );
  const quality = windowQuality(o.window, o.problemType);
  return {
    features,
    prediction,
    datasetDrift: drift,
    quality,
    health: assessWindowHealth({ datasetDrift: drift, prediction, quality, rules: o.healthRules }),
  };
}

/** The rows drift_results stores: one per judged feature, plus "__prediction__" for prediction drift. */
export function toDriftRows(analysis: TWindowAnalysis): TDriftRow[] {
  const rows = analysis.features.map((f) => driftRow(f.feature, f.result));
  if (analysis.prediction) rows.push(driftRow(PREDICTION_KEY, analysis.prediction));
  return rows;
}

function driftRow(feature: string, result: TNumericDriftResult | TCategoricalDriftResult): TDriftRow {
  const pValue = "ks_pvalue" in result ? result.ks_pvalue : result.chi2_pvalue;
  return {
    feature,
    method: result.method,
    value: result.psi,
    pValue,
    drifted: result.drifted ?? false,
    details: result,
  };
}

/** Categories present in the reference, per categorical feature that declares none (for unseen-category findings). */
export function referenceCategories(
  schema: readonly TFeatureSpec[],
  reference: TColumnBatch,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const spec of schema) {
    const values = reference.columns[spec.name];
    if (spec.type !== "categorical" || spec.categories || !values) continue;
    out[spec.name] = [...new Set(asCategories(values).filter((v): v is string => v !== null))];
  }
  return out;
}

function windowQuality(window: TColumnBatch, problemType: TProblemKind): TWindowQuality | null {
  const { prediction, label } = window;
  if (!prediction || !label || problemType === "OTHER") return null;
  let labelled = 0;
  for (let i = 0; i < label.length; i++) if (label[i] !== null && prediction[i] !== null) labelled++;
  if (labelled === 0) return null;
  if (problemType === "CLASSIFICATION") {
    return classificationQuality(
      prediction,
      label.map((v): TMaybeLabel => (v === 0 || v === 1 ? v : null)),
      CLASSIFICATION_THRESHOLD,
    );
  }
  return regressionQuality(label, prediction);
}

function asNumbers(values: TCell[]): (number | null)[] {
  return values.map((v) => (typeof v === "number" ? v : null));
}

function asCategories(values: TCell[]): (string | null)[] {
  return values.map((v) => (v === null ? null : String(v)));
}
