import { z } from "zod";
import { ZId, ZIsoDate } from "./common";
import { ZHealth } from "./models";

// ───────── limits ─────────

export const MAX_METRIC_POINTS = 10_000;
/** Body limit of the metrics route: 10,000 points of up to ~400 bytes each. */
export const MAX_METRICS_BODY_BYTES = 4 * 1024 * 1024;
/** Rows per reference dataset or sample window. */
export const MAX_DATASET_ROWS = 100_000;
/** Body limit of the reference and samples routes (JSON or CSV); every other route keeps 1 MiB. */
export const MAX_DATASET_BODY_BYTES = 20 * 1024 * 1024;

const ZMetricName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/,
    "Metric names are 1–128 letters, digits or _ . : / -, starting with a letter or underscore.",
  )
  .describe("Metric name, e.g. auc or latency_p95_ms");
const ZEnvironmentName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, "Environment names are lowercase letters, digits, _ or -, e.g. production.")
  .describe("Environment the data comes from");

// ───────── metrics ─────────

export const ZMetricPointInput = z
  .object({
    name: ZMetricName,
    value: z.number().finite(),
    timestamp: ZIsoDate.describe("When the value was measured; at most 400 days old and 1 day ahead"),
    environment: ZEnvironmentName.default("production"),
  })
  .strict();

export const ZIngestMetricsRequest = z
  .object({
    points: z
      .array(ZMetricPointInput)
      .min(1, "Send at least one point.")
      .max(MAX_METRIC_POINTS, `Send at most ${MAX_METRIC_POINTS} points per batch.`),
  })
  .strict();
export type TIngestMetricsRequest = z.input<typeof ZIngestMetricsRequest>;
export type TIngestMetricsRequestParsed = z.infer<typeof ZIngestMetricsRequest>;

export const ZIngestMetricsResponse = z
  .object({
    accepted: z.number().int().describe("Points stored by this batch"),
    duplicate: z
      .boolean()
      .describe(
        "true when this answer replays an earlier request with the same Idempotency-Key: nothing new was stored",
      ),
  })
  .strict();
export type TIngestMetricsResponse = z.infer<typeof ZIngestMetricsResponse>;

// ───────── datasets (reference and sample windows) ─────────

const ZCell = z.union([z.number(), z.string().max(1000), z.null()]);

export const ZIngestColumnsRequest = z
  .object({
    columns: z
      .record(z.string().min(1).max(128), z.array(ZCell))
      .describe(
        "One array per feature, all of the same length: numbers for numeric features, strings for categorical ones, null when missing",
      ),
    prediction: z
      .array(z.number().nullable())
      .optional()
      .describe("Scores in [0, 1] (classification) or predicted values (regression), one per row"),
    label: z
      .array(z.number().nullable())
      .optional()
      .describe("0/1 (classification) or actual values (regression), one per row; null when not yet known"),
  })
  .strict()
  .describe(
    "Column-oriented rows as JSON. The same routes accept text/csv: a header row of feature names, plus optional prediction and label columns.",
  );
export type TIngestColumnsRequest = z.infer<typeof ZIngestColumnsRequest>;

export const ZFeatureFindings = z
  .object({
    missingRate: z.number(),
    unseenCategories: z
      .array(z.string())
      .describe("Categories neither declared nor seen in the reference (distinct, at most 20)"),
    unseenShare: z.number(),
    outOfRange: z.number().int().describe("Values outside the declared [min, max]"),
    outOfRangeShare: z.number(),
  })
  .strict();

export const ZQualityFindings = z
  .object({
    unknownColumns: z.array(z.string()).describe("Columns that are not features of the version (ignored)"),
    absentColumns: z.array(z.string()).describe("Features of the version the batch does not carry"),
    features: z.record(z.string(), ZFeatureFindings),
  })
  .strict()
  .describe("Data-quality findings: reported, never a reason to refuse the batch");
export type TQualityFindingsDto = z.infer<typeof ZQualityFindings>;

export const ZDatasetDrift = z
  .object({
    feature_count: z.number().int(),
    evaluated_count: z.number().int(),
    drifted_count: z.number().int(),
    drifted_share: z.number().nullable(),
    threshold: z.number(),
    drifted: z.boolean(),
  })
  .strict();

const ZClassificationQuality = z
  .object({
    threshold: z.number(),
    auc: z.number().nullable(),
    accuracy: z.number().nullable(),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    f1: z.number().nullable(),
    log_loss: z.number().nullable(),
    brier: z.number().nullable(),
    tp: z.number().int(),
    fp: z.number().int(),
    fn: z.number().int(),
    tn: z.number().int(),
  })
  .strict();
const ZRegressionQuality = z
  .object({
    rmse: z.number().nullable(),
    mae: z.number().nullable(),
    r2: z.number().nullable(),
    bias: z.number().nullable(),
  })
  .strict();
export const ZWindowQuality = z
  .union([ZClassificationQuality, ZRegressionQuality])
  .describe("Model quality on the labelled rows");

export const ZHealthReason = z
  .object({
    metric: z.string(),
    value: z.number(),
    threshold: z.number(),
    level: z.enum(["WARNING", "CRITICAL"]),
    message: z.string(),
  })
  .strict();
export const ZHealthAssessment = z.object({ health: ZHealth, reasons: z.array(ZHealthReason) }).strict();

export const ZDriftEntry = z
  .object({
    feature: z.string().describe('Feature name, or "__prediction__" for prediction drift'),
    method: z.string().describe("Deciding statistic: ks or wasserstein_normed (numeric), chi2 or js (categorical)"),
    value: z.number().nullable().describe("PSI"),
    pValue: z.number().nullable().describe("KS or chi-square p-value"),
    drifted: z.boolean(),
  })
  .strict();

/** Importance-weighted drift of a window (issue 19): Σ wᵢ·PSIᵢ / Σ wᵢ with the version's feature importances. */
export const ZWeightedDrift = z
  .object({
    score: z.number().describe("Weighted mean PSI over the features with both an importance and a PSI; on PSI's scale"),
    coverage: z.number().describe("Share of the version's total importance carried by the features the score saw"),
    features: z.number().int().describe("Features that entered the score"),
    top: z
      .object({
        feature: z.string(),
        psi: z.number(),
        weight: z.number().describe("Its share of the total importance"),
        contribution: z.number().describe("Its share of Σ wᵢ·PSIᵢ"),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type TWeightedDrift = z.infer<typeof ZWeightedDrift>;

export const ZWindowSummary = z
  .object({
    datasetDrift: ZDatasetDrift,
    quality: ZWindowQuality.nullable(),
    health: ZHealth,
    reasons: z.array(ZHealthReason),
    rowCount: z.number().int(),
    weightedDrift: ZWeightedDrift.nullable()
      .optional()
      .describe(
        "Importance-weighted drift; absent when the version has no feature importances (and on windows stored before issue 19), null when no feature with a PSI carries positive importance",
      ),
  })
  .strict();
export type TWindowSummary = z.infer<typeof ZWindowSummary>;

export const ZIngestSamplesQuery = z
  .object({
    windowStart: ZIsoDate.optional().describe(
      "Start of the window the rows were served in (default: windowEnd − 24 h)",
    ),
    windowEnd: ZIsoDate.optional().describe("End of the window (default: now)"),
    environment: ZEnvironmentName.default("production"),
  })
  .strict()
  .refine((q) => !q.windowStart || !q.windowEnd || Date.parse(q.windowStart) <= Date.parse(q.windowEnd), {
    path: ["windowEnd"],
    message: "windowEnd must not be before windowStart.",
  });
export type TIngestSamplesQuery = z.infer<typeof ZIngestSamplesQuery>;

export const ZIngestWindowResponse = z
  .object({
    windowId: ZId,
    environment: z.string(),
    windowStart: ZIsoDate,
    windowEnd: ZIsoDate,
    rowCount: z.number().int(),
    findings: ZQualityFindings,
    drift: z.array(ZDriftEntry),
    datasetDrift: ZDatasetDrift,
    quality: ZWindowQuality.nullable(),
    health: ZHealth.describe("Health of this window on its own"),
    reasons: z.array(ZHealthReason),
    weightedDrift: ZWeightedDrift.nullable().describe(
      "Importance-weighted drift of this window; null when the version has no feature importances",
    ),
    versionHealth: ZHealthAssessment.nullable().describe(
      "The version's health after this window (latest production window + last 24 h of metrics); null for non-production windows",
    ),
  })
  .strict();
export type TIngestWindowResponse = z.infer<typeof ZIngestWindowResponse>;

export const ZDriftPreviewFeature = ZDriftEntry.extend({
  details: z
    .record(z.string(), z.unknown())
    .describe("The full statistics of DESIGN.md section 3, with the bins or categories and their shares on both sides"),
}).strict();

export const ZDriftPreviewResponse = z
  .object({
    rowCount: z.number().int(),
    findings: ZQualityFindings,
    features: z
      .array(ZDriftPreviewFeature)
      .describe('Per judged feature, in feature-schema order, then "__prediction__" when both sides carry predictions'),
    datasetDrift: ZDatasetDrift,
    quality: ZWindowQuality.nullable(),
    health: ZHealth.describe("What the version's health would be for this data on its own"),
    reasons: z.array(ZHealthReason),
  })
  .strict();
export type TDriftPreviewResponse = z.infer<typeof ZDriftPreviewResponse>;

export const ZReferenceColumn = z
  .object({
    name: z.string(),
    role: z.enum(["feature", "prediction", "label"]),
    type: z.enum(["numeric", "categorical"]),
    missingRate: z.number(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    categories: z.array(z.string()).nullable().describe("Most frequent first, at most 100"),
    categoryCount: z.number().int().nullable(),
  })
  .strict();

export const ZReferenceSummary = z
  .object({
    versionId: ZId,
    rowCount: z.number().int(),
    hasPrediction: z.boolean(),
    hasLabel: z.boolean(),
    columns: z.array(ZReferenceColumn),
    createdBy: z.object({ id: ZId, name: z.string() }).strict().nullable(),
    createdAt: ZIsoDate,
  })
  .strict();
export type TReferenceSummary = z.infer<typeof ZReferenceSummary>;

export const ZRegisterReferenceResponse = ZReferenceSummary.extend({
  findings: ZQualityFindings,
  replaced: z.boolean().describe("true when an earlier reference dataset was replaced"),
}).strict();
export type TRegisterReferenceResponse = z.infer<typeof ZRegisterReferenceResponse>;

export const ZSampleWindow = z
  .object({
    id: ZId,
    versionId: ZId,
    environment: z.string(),
    windowStart: ZIsoDate,
    windowEnd: ZIsoDate,
    rowCount: z.number().int(),
    createdAt: ZIsoDate,
    summary: ZWindowSummary,
    findings: ZQualityFindings,
    drift: z.array(ZDriftEntry),
  })
  .strict();
export type TSampleWindow = z.infer<typeof ZSampleWindow>;

export const ZListWindowsQuery = z
  .object({
    environment: ZEnvironmentName.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListWindowsQuery = z.infer<typeof ZListWindowsQuery>;
export const ZListWindowsResponse = z
  .object({ items: z.array(ZSampleWindow), nextCursor: z.string().nullable() })
  .strict();
