/**
 * Drift and model-quality statistics (DESIGN.md §3): the public surface of the pure drift engine.
 * Results use the snake_case keys of the oracle fixtures in ../shared/fixtures/drift so they can be
 * stored and compared as-is; undefined statistics are null, never 0 or NaN.
 */
export { categoricalDrift, type TCategoricalDriftResult } from "./drift/categorical";
export { datasetDrift, psiBand, type TDatasetDriftResult } from "./drift/decision";
export { DATASET_DRIFT_SHARE } from "./drift/decision";
export { numericDrift, type TNumericDriftResult } from "./drift/numeric";
export { classificationQuality, regressionQuality, type TMaybeLabel } from "./drift/quality";
