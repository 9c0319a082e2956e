/**
 * Drift and model-quality statistics (DESIGN.md §3): the public surface of the pure drift engine.
 * Results use the snake_case keys of the oracle fixtures in ../shared/fixtures/drift so they can be
 * stored and compared as-is; undefined statistics are null, never 0 or NaN.
 */
export { categoricalDrift, type TCategoricalDriftResult, type TMaybeCategory } from "./drift/categorical";
export { datasetDrift, psiBand, PSI_BANDS, type TDatasetDriftResult, type TPsiBand } from "./drift/decision";
export {
  DATASET_DRIFT_SHARE,
  JS_DISTANCE_THRESHOLD,
  SIGNIFICANCE_LEVEL,
  SMALL_SAMPLE_MAX,
  WASSERSTEIN_NORMED_THRESHOLD,
} from "./drift/decision";
export { numericDrift, type TNumericDriftResult } from "./drift/numeric";
export {
  classificationQuality,
  regressionQuality,
  type TClassificationQualityResult,
  type TMaybeLabel,
  type TRegressionQualityResult,
} from "./drift/quality";
export { PSI_ZERO_SHARE_FLOOR } from "./drift/share-distances";
export type { TMaybeNumber } from "./drift/sorted-values";
