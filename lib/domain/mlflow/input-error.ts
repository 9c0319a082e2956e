/**
 * A request MLflow would refuse with INVALID_PARAMETER_VALUE (400). Thrown by the pure parsers and
 * validators of this folder; lib/server/mlflow turns it into MLflow's error body.
 */
export class MlflowInputError extends Error {
  override name = "MlflowInputError";
}

export function isMlflowInputError(e: unknown): e is MlflowInputError {
  return e instanceof MlflowInputError;
}
