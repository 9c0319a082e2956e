import { z } from "zod";
import {
  COMPARISONS,
  MAX_WEIGHTED_DRIFT,
  MAX_WINDOW_HOURS,
  PSI_BANDS,
  SEVERITIES,
  type TPsiBand,
} from "@/lib/domain/alerts/alert-rules";
import { ZId, ZIsoDate, ZModelRef, ZPersonRef, ZReason, ZVersionRef } from "./common";
import { zLine } from "./input-policy";

// Alert rules and the alerts they raise (issue 8).

// ───────── alert rules ─────────

export const ZAlertKind = z.enum([
  "METRIC_THRESHOLD",
  "DATASET_DRIFT",
  "FEATURE_PSI",
  "DATA_QUALITY",
  "LATENCY",
  "ERROR_RATE",
  "STALENESS",
  "ARTIFACT_INTEGRITY",
  "WEIGHTED_DRIFT",
]);
export const ZSeverity = z.enum(SEVERITIES);

const ZMetricName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/, "A metric name as sent to …/metrics, e.g. auc.");
const ZHours = z.number().positive().max(MAX_WINDOW_HOURS, `At most ${MAX_WINDOW_HOURS} hours (30 days).`);
const ZShare = z.number().min(0).max(1);
const ZFeatureName = z.string().min(1).max(128);

export const ZMetricRuleConfig = z
  .object({
    metric: ZMetricName.describe("Metric watched (LATENCY defaults to latency_p95_ms, ERROR_RATE to error_rate)"),
    op: z.enum(COMPARISONS).describe("The alert fires when `average op value`"),
    value: z.number().finite(),
    windowHours: ZHours.describe("Averaging window, hours"),
  })
  .strict();
const ZMetricRuleConfigWithDefault = (metric: string) =>
  ZMetricRuleConfig.extend({ metric: ZMetricName.default(metric) }).strict();
export const ZDatasetDriftConfig = z
  .object({
    share: ZShare.positive().describe("Fires when at least this share of features drifted in the latest window"),
  })
  .strict();
export const ZFeaturePsiConfig = z
  .object({
    feature: ZFeatureName.optional().describe("Feature watched; every feature when omitted"),
    band: z
      .enum(Object.keys(PSI_BANDS) as [TPsiBand, ...TPsiBand[]])
      .describe("moderate: PSI ≥ 0.1; significant: PSI ≥ 0.25"),
  })
  .strict();
export const ZDataQualityConfig = z
  .object({
    feature: ZFeatureName.optional().describe("Feature watched; every feature when omitted"),
    maxMissingRate: ZShare.optional(),
    maxUnseenShare: ZShare.optional().describe("Share of values in categories never seen in the reference"),
  })
  .strict()
  .refine((c) => c.maxMissingRate !== undefined || c.maxUnseenShare !== undefined, {
    path: ["maxMissingRate"],
    message: "Set maxMissingRate, maxUnseenShare or both.",
  });
export const ZStalenessConfig = z
  .object({ hours: ZHours.describe("Fires after this long without production data") })
  .strict();
export const ZWeightedDriftConfig = z
  .object({
    value: z
      .number()
      .positive("A weighted PSI above 0, e.g. 0.2.")
      .max(MAX_WEIGHTED_DRIFT, `At most ${MAX_WEIGHTED_DRIFT}.`)
      .describe(
        "Fires when the latest window's importance-weighted drift (Σ importance·PSI / Σ importance) is above this",
      ),
  })
  .strict();

/** The config schema of each kind; also used to validate a PATCHed config against the rule's kind. */
export const RULE_CONFIG_SCHEMAS = {
  METRIC_THRESHOLD: ZMetricRuleConfig,
  LATENCY: ZMetricRuleConfigWithDefault("latency_p95_ms"),
  ERROR_RATE: ZMetricRuleConfigWithDefault("error_rate"),
  DATASET_DRIFT: ZDatasetDriftConfig,
  FEATURE_PSI: ZFeaturePsiConfig,
  DATA_QUALITY: ZDataQualityConfig,
  STALENESS: ZStalenessConfig,
  WEIGHTED_DRIFT: ZWeightedDriftConfig,
} as const;

const ruleCommon = {
  name: zLine().trim().min(1, "Give the rule a name people will recognise in an alert.").max(200),
  severity: ZSeverity.default("WARNING"),
  retrain: z.boolean().default(false).describe("Open a retraining request when the violation is sustained"),
  enabled: z.boolean().default(true),
  versionId: ZId.nullable()
    .default(null)
    .describe("Watch this version only (while it is live); null watches whichever version is live in production"),
};

export const ZCreateAlertRuleRequest = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("METRIC_THRESHOLD"), config: RULE_CONFIG_SCHEMAS.METRIC_THRESHOLD, ...ruleCommon })
    .strict(),
  z.object({ kind: z.literal("LATENCY"), config: RULE_CONFIG_SCHEMAS.LATENCY, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("ERROR_RATE"), config: RULE_CONFIG_SCHEMAS.ERROR_RATE, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("DATASET_DRIFT"), config: RULE_CONFIG_SCHEMAS.DATASET_DRIFT, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("FEATURE_PSI"), config: RULE_CONFIG_SCHEMAS.FEATURE_PSI, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("DATA_QUALITY"), config: RULE_CONFIG_SCHEMAS.DATA_QUALITY, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("STALENESS"), config: RULE_CONFIG_SCHEMAS.STALENESS, ...ruleCommon }).strict(),
  z.object({ kind: z.literal("WEIGHTED_DRIFT"), config: RULE_CONFIG_SCHEMAS.WEIGHTED_DRIFT, ...ruleCommon }).strict(),
]);
export type TCreateAlertRuleRequest = z.input<typeof ZCreateAlertRuleRequest>;

export const ZUpdateAlertRuleRequest = z
  .object({
    name: ruleCommon.name.optional(),
    severity: ZSeverity.optional(),
    retrain: z.boolean().optional(),
    enabled: z.boolean().optional().describe("Disabling resolves the rule's unresolved alert"),
    config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A complete config for the rule's kind (the kind cannot change)"),
  })
  .strict()
  .refine((d) => Object.values(d).some((v) => v !== undefined), { message: "Send at least one field to change." });
export type TUpdateAlertRuleRequest = z.input<typeof ZUpdateAlertRuleRequest>;

export const ZAlertStatus = z.enum(["OPEN", "ACKNOWLEDGED", "RESOLVED"]);

export const ZAlertRule = z
  .object({
    id: ZId,
    modelId: ZId,
    version: ZVersionRef.nullable().describe("The version the rule is limited to, if any"),
    name: z.string(),
    kind: ZAlertKind,
    config: z.record(z.string(), z.unknown()),
    summary: z.string().describe('The condition in words, e.g. "auc < 0.75 over 24 h"'),
    severity: ZSeverity,
    retrain: z.boolean(),
    enabled: z.boolean(),
    alert: z
      .object({ id: ZId, status: ZAlertStatus, openedAt: ZIsoDate, message: z.string() })
      .strict()
      .nullable()
      .describe("The rule's unresolved alert, if any"),
    createdAt: ZIsoDate,
  })
  .strict();
export type TAlertRule = z.infer<typeof ZAlertRule>;
export const ZListAlertRulesResponse = z.object({ items: z.array(ZAlertRule) }).strict();
export const ZAlertRuleParams = z.object({ ruleId: ZId }).strict();

// ───────── alerts ─────────

export const ZAlert = z
  .object({
    id: ZId,
    status: ZAlertStatus,
    severity: ZSeverity,
    message: z.string(),
    evidence: z.record(z.string(), z.unknown()).describe("The aggregates the rule judged when the alert opened"),
    rule: z.object({ id: ZId, name: z.string(), kind: ZAlertKind, retrain: z.boolean() }).strict(),
    model: ZModelRef,
    version: ZVersionRef.nullable(),
    openedAt: ZIsoDate,
    acknowledgedAt: ZIsoDate.nullable(),
    acknowledgedBy: ZPersonRef.nullable(),
    ackNote: z.string(),
    resolvedAt: ZIsoDate.nullable(),
    resolution: z.string().describe("Why it resolved itself"),
  })
  .strict();
export type TAlert = z.infer<typeof ZAlert>;

export const ZListAlertsQuery = z
  .object({
    status: z
      .enum(["OPEN", "ACKNOWLEDGED", "RESOLVED", "UNRESOLVED"])
      .optional()
      .describe("UNRESOLVED = OPEN or ACKNOWLEDGED"),
    severity: ZSeverity.optional(),
    modelId: ZId.optional(),
    kind: ZAlertKind.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListAlertsQuery = z.infer<typeof ZListAlertsQuery>;
export const ZListAlertsResponse = z
  .object({ items: z.array(ZAlert).describe("Newest first"), nextCursor: z.string().nullable() })
  .strict();

export const ZAcknowledgeAlertRequest = z
  .object({ note: ZReason("Say what you are doing about it, so the next person knows.") })
  .strict();
export type TAcknowledgeAlertRequest = z.input<typeof ZAcknowledgeAlertRequest>;
export const ZAlertParams = z.object({ alertId: ZId }).strict();
