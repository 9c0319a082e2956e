import "server-only";
import { compareWithSignature, featureOf, type TSchemaDisagreement } from "@/lib/domain/artifacts/mlmodel";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { MODELGATE_TAGS, type TVersionEvidence } from "@/lib/domain/mlflow/version-evidence";
import { ZFeatureSchema, type TFeature } from "@/lib/schemas/models";
import type { TStoredModel } from "./stored-model";

const hasTag = (tags: TKeyValue[], key: string) => tags.some((t) => t.key === key);

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The evidence of a version registered through MLflow, with what its stored model says:
 * - framework: the `modelgate.framework` tag, else the MLmodel's flavour, else the run's log-model history;
 * - feature schema: the `modelgate.feature_schema` tag wins — as a full schema, or as a plain JSON list of
 *   names whose types then come from the signature — else the signature's column inputs. Where the tag and
 *   the signature disagree, the disagreement is kept with the signature (and shown on the version page).
 */
export function withModelEvidence(
  evidence: TVersionEvidence,
  stored: TStoredModel | null,
  tags: TKeyValue[],
): { evidence: TVersionEvidence; disagreement: TSchemaDisagreement | null } {
  const mlmodel = stored?.mlmodel ?? null;
  const signature = mlmodel?.signature.kind === "columns" ? mlmodel.signature : null;
  const out = { ...evidence };
  if (mlmodel?.framework && !hasTag(tags, MODELGATE_TAGS.framework)) out.framework = mlmodel.framework;
  const tag = evidence.featureSchemaJson;
  if (tag === null) {
    if (signature?.features.length) out.featureSchemaJson = JSON.stringify(signature.features);
    return { evidence: out, disagreement: null };
  }
  const parsed = jsonOrNull(tag);
  if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((x) => typeof x === "string")) {
    const names = parsed as string[];
    const byName = new Map((signature?.inputs ?? []).map((c) => [c.name, c]));
    const features: TFeature[] = names.map((n) => {
      const col =
        byName.get(n) ?? signature?.inputs.find((c) => signature.renamed.some((r) => r.from === c.name && r.to === n));
      if (!col)
        throw new MlflowInputError(
          `Tag ${MODELGATE_TAGS.featureSchema}: '${n}' is not an input of the model's signature, so its type is unknown; send the full schema ([{"name", "type"}]) instead.`,
        );
      const f = featureOf(n, col.type, col.required);
      if (!f)
        throw new MlflowInputError(
          `Tag ${MODELGATE_TAGS.featureSchema}: input '${n}' has MLflow type '${col.type}', which has no Modelgate feature type.`,
        );
      return f;
    });
    out.featureSchemaJson = JSON.stringify(features);
    return { evidence: out, disagreement: signature ? compareWithSignature(features, signature.features) : null };
  }
  const full = ZFeatureSchema.safeParse(parsed);
  return {
    evidence: out,
    disagreement: full.success && signature ? compareWithSignature(full.data, signature.features) : null,
  };
}

/** The columns a version created from a stored model gets (none when its source lies elsewhere). */
export function storedModelColumns(stored: TStoredModel | null, disagreement: TSchemaDisagreement | null) {
  if (!stored) return {};
  const signature = stored.mlmodel
    ? {
        flavors: stored.mlmodel.flavors,
        framework: stored.mlmodel.framework,
        signature: stored.mlmodel.signature,
        outputs: stored.mlmodel.outputs,
        disagreement,
      }
    : { error: stored.mlmodelError ?? "No MLmodel file in the model directory." };
  return {
    artifactKey: stored.key,
    artifactManifest: stored.manifest,
    artifactDigest: stored.digest,
    modelSignature: signature,
  };
}
