/**
 * Model quality from labelled samples (DESIGN.md §3). Rows where the score/prediction or the label/actual
 * is missing (null, undefined, NaN, ±Infinity) are skipped. A ratio whose denominator is 0 is null, not
 * 0 or 1: "no positive predictions" is absence of evidence, and the charts show null as a gap.
 */
import { sortFloat64, type TMaybeNumber } from "./sorted-values";

export type TMaybeLabel = 0 | 1 | boolean | null | undefined;

export type TClassificationQualityResult = {
  threshold: number;
  /** Mann–Whitney AUC with average ranks for tied scores; null when only one class is present. */
  auc: number | null;
  accuracy: number | null;
  /** tp / (tp + fp); null when nothing is predicted positive. */
  precision: number | null;
  /** tp / (tp + fn); null when no row is actually positive. */
  recall: number | null;
  /** 2tp / (2tp + fp + fn), which equals the harmonic mean when both exist and is 0 when only one does. */
  f1: number | null;
  /** Mean cross-entropy with scores clipped to [1e-15, 1 − 1e-15]. */
  log_loss: number | null;
  /** Mean squared difference between the (unclipped) score and the 0/1 label. */
  brier: number | null;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
};

export type TRegressionQualityResult = {
  rmse: number | null;
  mae: number | null;
  /** 1 − SS_res / SS_tot; null when the actual values are constant (SS_tot = 0) or the ratio overflows. */
  r2: number | null;
  /** mean(predicted − actual): positive means the model over-predicts. */
  bias: number | null;
};

const LOG_LOSS_CLIP = 1e-15;

/** Binary classification quality; a score ≥ `threshold` predicts the positive class. */
export function classificationQuality(
  scores: ArrayLike<TMaybeNumber>,
  labels: ArrayLike<TMaybeLabel>,
  threshold = 0.5,
): TClassificationQualityResult {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold must be finite, got ${threshold}`);
  const tally = tallyClassification(scores, labels, threshold);
  const { tp, fp } = tally;
  const n = tally.positives.length + tally.negatives.length;
  const fn = tally.positives.length - tp;
  const tn = tally.negatives.length - fp;
  return {
    threshold,
    auc: rankAuc(Float64Array.from(tally.positives), Float64Array.from(tally.negatives)),
    accuracy: ratio(tp + tn, n),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    log_loss: ratio(tally.logLoss, n),
    brier: ratio(tally.brier, n),
    tp,
    fp,
    fn,
    tn,
  };
}

type TClassificationTally = {
  positives: number[];
  negatives: number[];
  tp: number;
  fp: number;
  logLoss: number;
  brier: number;
};

/** One pass over the labelled rows: scores per class (for the AUC walk), positive predictions and loss sums. */
function tallyClassification(
  scores: ArrayLike<TMaybeNumber>,
  labels: ArrayLike<TMaybeLabel>,
  threshold: number,
): TClassificationTally {
  const tally: TClassificationTally = { positives: [], negatives: [], tp: 0, fp: 0, logLoss: 0, brier: 0 };
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    const label = toLabel(labels[i], i);
    if (label === null || typeof score !== "number" || !Number.isFinite(score)) continue;
    const isPredictedPositive = score >= threshold;
    const clipped = Math.min(Math.max(score, LOG_LOSS_CLIP), 1 - LOG_LOSS_CLIP);
    // `+ 0` folds -0 into +0 so the bitwise radix keys agree with ===.
    if (label === 1) {
      tally.positives.push(score + 0);
      if (isPredictedPositive) tally.tp++;
      tally.logLoss -= Math.log(clipped);
    } else {
      tally.negatives.push(score + 0);
      if (isPredictedPositive) tally.fp++;
      tally.logLoss -= Math.log(1 - clipped);
    }
    tally.brier += (score - label) ** 2;
  }
  return tally;
}

function toLabel(label: TMaybeLabel, index: number): 0 | 1 | null {
  if (label === null || label === undefined) return null;
  if (label === true || label === 1) return 1;
  if (label === false || label === 0) return 0;
  throw new RangeError(`label at row ${index} must be 0, 1 or a boolean, got ${String(label)}`);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * AUC = P(score⁺ > score⁻) + ½·P(score⁺ = score⁻), which is exactly the average-rank Mann–Whitney
 * formula; computed by sorting each class once (in place — the arrays are the caller's scratch copies)
 * and walking them together instead of ranking all rows.
 */
export function rankAuc(positives: Float64Array, negatives: Float64Array): number | null {
  const p = positives.length;
  const q = negatives.length;
  if (p === 0 || q === 0) return null;
  sortFloat64(positives);
  sortFloat64(negatives);
  let j = 0;
  let wins = 0;
  let i = 0;
  while (i < p) {
    const value = positives[i];
    let tiedPositives = 0;
    while (i < p && positives[i] === value) {
      tiedPositives++;
      i++;
    }
    while (j < q && negatives[j] < value) j++;
    let tiedNegatives = 0;
    while (j + tiedNegatives < q && negatives[j + tiedNegatives] === value) tiedNegatives++;
    wins += tiedPositives * (j + tiedNegatives / 2);
  }
  return wins / (p * q);
}

/** Regression quality on rows where both actual and predicted are present. */
export function regressionQuality(
  actual: ArrayLike<TMaybeNumber>,
  predicted: ArrayLike<TMaybeNumber>,
): TRegressionQualityResult {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual (${actual.length}) and predicted (${predicted.length}) differ in length`);
  }
  const a: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < actual.length; i++) {
    const x = actual[i];
    const y = predicted[i];
    if (typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y)) {
      a.push(x);
      p.push(y);
    }
  }
  const n = a.length;
  if (n === 0) return { rmse: null, mae: null, r2: null, bias: null };
  let meanActual = 0;
  for (const x of a) meanActual += x;
  meanActual /= n;
  let squared = 0;
  let absolute = 0;
  let signed = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const error = p[i] - a[i];
    squared += error * error;
    absolute += Math.abs(error);
    signed += error;
    total += (a[i] - meanActual) ** 2;
  }
  const r2 = 1 - squared / total;
  return {
    rmse: Math.sqrt(squared / n),
    mae: absolute / n,
    r2: Number.isFinite(r2) ? r2 : null,
    bias: signed / n,
  };
}
