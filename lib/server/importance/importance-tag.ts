import "server-only";
import type { Tx } from "@/lib/db/client";
import {
  parseImportanceJson,
  validateImportance,
  type TFeatureImportance,
} from "@/lib/domain/importance/feature-importance";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import { MODELGATE_TAGS } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { writeImportance, type TLockedVersion } from "./record-importance";

/**
 * The `modelgate.feature_importance` version tag, read like the other evidence tags: JSON `{ method, values,
 * segments? }` checked against the version's feature schema by the same rules as POST …/importance. MLflow
 * clients get INVALID_PARAMETER_VALUE naming every field path (Python's json module writes NaN and Infinity
 * bare; they are read, then refused as non-finite, with the feature named).
 */
export function readImportanceTag(json: string, featureNames: readonly string[]): TFeatureImportance {
  const parsed = parseImportanceJson(json);
  if (parsed === undefined)
    throw new MlflowInputError(
      `Tag ${MODELGATE_TAGS.featureImportance} must be JSON: {"method": "shap_mean_abs", "values": {"<feature>": 0.3, …}}.`,
    );
  const checked = validateImportance(parsed, featureNames);
  if (!checked.ok)
    throw new MlflowInputError(
      `Tag ${MODELGATE_TAGS.featureImportance}: ${checked.errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; ")}`,
    );
  return checked.importance;
}

/** Records importances that arrived as the tag (source "mlflow"), with the same audit event as the API. */
export async function recordImportanceFromTag(
  tx: Tx,
  o: { actor: TActor; version: TLockedVersion; importance: TFeatureImportance },
): Promise<void> {
  await writeImportance(tx, { actor: o.actor, version: o.version, importance: o.importance, source: "mlflow" });
}
