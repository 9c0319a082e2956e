import { z } from "zod";
import { IMPORTANCE_METHODS, MAX_SEGMENTS } from "@/lib/domain/importance/feature-importance";
import { ZId, ZIsoDate } from "./common";

export const ZImportanceMethod = z
  .enum(IMPORTANCE_METHODS, { error: `Choose one of ${IMPORTANCE_METHODS.join(", ")}.` })
  .describe("shap_mean_abs (mean |SHAP|) and gain cannot be negative; permutation and other may be");

const ZValues = z
  .record(z.string(), z.number({ error: "A finite number." }))
  .describe("One value per feature of the version's feature schema: { <feature>: number }");

/**
 * The body of POST …/importance. The shape is checked here; whether the features are exactly the version's
 * schema (unknown, missing), and negatives per method, is checked by lib/domain/importance (422 with paths).
 */
export const ZRecordImportanceRequest = z
  .object({
    method: ZImportanceMethod,
    values: ZValues,
    segments: z
      .record(z.string(), ZValues)
      .optional()
      .describe(
        `Optional per-segment importances, { <segment>: { <feature>: number } }, at most ${MAX_SEGMENTS}; same rules as values`,
      ),
  })
  .strict();
export type TRecordImportanceRequest = z.infer<typeof ZRecordImportanceRequest>;

export const ZRankedFeature = z
  .object({
    feature: z.string(),
    value: z.number().describe("As sent"),
    share: z.number().describe("max(value, 0) / Σ max(value, 0)"),
    rank: z.number().int().describe("1 = most important; ties by feature name"),
  })
  .strict();

export const ZFeatureImportance = z
  .object({
    versionId: ZId,
    method: ZImportanceMethod,
    values: z.record(z.string(), z.number()),
    segments: z.record(z.string(), z.record(z.string(), z.number())),
    ranked: z.array(ZRankedFeature).describe("Every feature, most important first"),
    topShare: z.number().describe("Share of the total importance held by the 3 most important features"),
    source: z
      .enum(["api", "mlflow", "seed"])
      .describe("api: POST …/importance; mlflow: the modelgate.feature_importance version tag; seed: the demo"),
    createdBy: z.object({ id: ZId, name: z.string() }).strict().nullable(),
    createdAt: ZIsoDate,
    updatedAt: ZIsoDate,
  })
  .strict();
export type TFeatureImportanceDto = z.infer<typeof ZFeatureImportance>;

const ZFeatureName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/,
    "Feature names start with a letter or underscore (letters, digits, _ . -), as in feature schemas.",
  );

/** PUT /models/{id}/approved-features: the whole list (an empty list removes it). */
export const ZSetApprovedFeaturesRequest = z
  .object({
    features: z
      .array(ZFeatureName)
      .max(2000, "At most 2,000 features.")
      .refine((f) => new Set(f).size === f.length, "Each feature may appear once.")
      .describe(
        'Features approved to drive the model\'s decisions; the gate requirement "no feature outside the approved list in the top N" checks against it',
      ),
  })
  .strict();
export type TSetApprovedFeaturesRequest = z.infer<typeof ZSetApprovedFeaturesRequest>;

export const ZApprovedFeatures = z
  .object({
    modelId: ZId,
    features: z.array(z.string()).describe("Empty when no list is set: a gate requiring it then stays closed"),
  })
  .strict();
export type TApprovedFeatures = z.infer<typeof ZApprovedFeatures>;
