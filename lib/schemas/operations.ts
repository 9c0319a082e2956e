import { z } from "zod";
import { COMPARISONS, MAX_WEIGHTED_DRIFT, MAX_WINDOW_HOURS, PSI_BANDS, SEVERITIES, type TPsiBand } from "@/lib/domain/operations/alert-rules";
import { ENVIRONMENT_NAME_RE } from "@/lib/domain/operations/deployments";
import { RETRAINING_STATUSES } from "@/lib/domain/operations/retraining";
import { ZId, ZIsoDate } from "./common";
import { ZHealth, ZStage } from "./models";
import { zLine, zText } from "./input-policy";

// Operations (issue 8): environments and deployments, rollback, alert rules and alerts, retraining requests.

const ZPerson = z.object({ id: ZId, name: z.string() }).strict();
const ZModelRef = z.object({ id: ZId, slug: z.string(), title: z.string() }).strict();
const ZVersionRef = z.object({ id: ZId, number: z.number().int() }).strict();
const ZReason = (what: string) => zText().trim().min(1, what).max(2000);

// ───────── environments ─────────

export const ZEnvironmentName = z
  .string()
  .regex(ENVIRONMENT_NAME_RE, "Environment names are lowercase letters, digits, _ or -, starting with a letter (e.g. staging).")
  .describe("Environment name, as metric points and sample windows name it");

export const ZEnvironment = z
  .object({
    id: ZId,
    name: z.string(),
    description: z.string(),
    isProduction: z.boolean().describe("Production environments serve customers: their data drives health and alerts, and rollback applies to them"),
    activeDeployments: z.number().int().describe("Models with a version live in this environment"),
    createdAt: ZIsoDate,
  })
  .strict();
export type TEnvironment = z.infer<typeof ZEnvironment>;
export const ZListEnvironmentsResponse = z.object({ items: z.array(ZEnvironment) }).strict();

export const ZCreateEnvironmentRequest = z
  .object({
    name: ZEnvironmentName,
    description: zText().trim().max(2000).default(""),
    isProduction: z.boolean().default(false),
  })
  .strict();
export type TCreateEnvironmentRequest = z.input<typeof ZCreateEnvironmentRequest>;

// ───────── deployments ─────────

export const ZDeploymentStatus = z.enum(["ACTIVE", "SUPERSEDED", "ROLLED_BACK", "FAILED"]);

export const ZDeployment = z
  .object({
    id: ZId,
    modelId: ZId,
    version: z.object({ id: ZId, number: z.number().int(), stage: ZStage }).strict(),
    environment: z.object({ id: ZId, name: z.string(), isProduction: z.boolean() }).strict(),
    status: ZDeploymentStatus.describe("ACTIVE: running now; SUPERSEDED: replaced by a later deployment; ROLLED_BACK: pulled by a rollback"),
    deployedBy: ZPerson.nullable(),
    reason: z.string(),
    artifactDigest: z.string().nullable().describe("The manifest digest of the files deployed (issue 20); null when the version's files are not in Modelgate's store"),
    deployedAt: ZIsoDate,
    endedAt: ZIsoDate.nullable(),
  })
  .strict();
export type TDeployment = z.infer<typeof ZDeployment>;

export const ZRecordDeploymentRequest = z
  .object({
    versionId: ZId.optional().describe("The version deployed (or give its number as `version`)"),
    version: z.number().int().min(1).optional().describe("The version number, for pipelines that know the number"),
    environment: ZEnvironmentName,
    reason: zText().trim().max(2000).default("").describe("Change ticket, release note…"),
  })
  .strict()
  .refine((d) => (d.versionId === undefined) !== (d.version === undefined), { path: ["versionId"], message: "Give either versionId or version (its number), not both." });
export type TRecordDeploymentRequest = z.input<typeof ZRecordDeploymentRequest>;

export const ZRecordDeploymentResponse = z
  .object({
    deployment: ZDeployment,
    superseded: ZDeployment.nullable().describe("The deployment this one replaced in the environment, if any"),
    promoted: z.boolean().describe("true when this production deployment opened the version's pending MONITORING gate and the version entered MONITORING"),
  })
  .strict();
export type TRecordDeploymentResponse = z.infer<typeof ZRecordDeploymentResponse>;

export const ZListDeploymentsQuery = z
  .object({
    environment: ZEnvironmentName.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListDeploymentsQuery = z.infer<typeof ZListDeploymentsQuery>;
export const ZListDeploymentsResponse = z.object({ items: z.array(ZDeployment).describe("Newest first"), nextCursor: z.string().nullable() }).strict();

// ───────── rollback ─────────

export const ZRollbackQuery = z.object({ environment: ZEnvironmentName.default("production") }).strict();

const ZRollbackCandidate = z
  .object({
    deploymentId: ZId,
    version: ZVersionRef,
    status: ZDeploymentStatus,
    deployedAt: ZIsoDate,
    endedAt: ZIsoDate.nullable(),
    healthAtEnd: ZHealth.describe("Health over its last 24 h in production before it was replaced"),
    eligible: z.boolean(),
    why: z.string(),
  })
  .strict();

export const ZRollbackPlan = z
  .object({
    environment: z.string(),
    live: z.object({ deploymentId: ZId, version: ZVersionRef, deployedAt: ZIsoDate }).strict().nullable(),
    target: ZRollbackCandidate.nullable().describe("The version a rollback would return to: the last one healthy in this environment"),
    reason: z.string().nullable().describe("Why there is no target, when there is none"),
    candidates: z.array(ZRollbackCandidate).describe("Earlier deployments considered, most recently ended first"),
    allowed: z.boolean().describe("Whether the caller may roll back (the model's IT owner or an administrator)"),
  })
  .strict();
export type TRollbackPlan = z.infer<typeof ZRollbackPlan>;

export const ZRollbackRequest = z
  .object({
    reason: ZReason("Say why production is rolled back; it goes into the audit log and the webhook."),
    environment: ZEnvironmentName.default("production"),
    fromVersionId: ZId.optional().describe("The live version you mean to roll back: refused (409) if another one is live by now, so a double click cannot roll back twice"),
    toVersionId: ZId.optional().describe("The target you were shown: refused (409) if the rule now picks another one"),
  })
  .strict();
export type TRollbackRequest = z.input<typeof ZRollbackRequest>;

export const ZRollbackResponse = z
  .object({
    rolledBack: ZDeployment.describe("The deployment pulled from production (now ROLLED_BACK)"),
    deployment: ZDeployment.describe("The new ACTIVE deployment of the target version"),
    from: ZVersionRef,
    to: ZVersionRef,
  })
  .strict();
export type TRollbackResponse = z.infer<typeof ZRollbackResponse>;

// ───────── alert rules ─────────

export const ZAlertKind = z.enum(["METRIC_THRESHOLD", "DATASET_DRIFT", "FEATURE_PSI", "DATA_QUALITY", "LATENCY", "ERROR_RATE", "STALENESS", "ARTIFACT_INTEGRITY", "WEIGHTED_DRIFT"]);
export const ZSeverity = z.enum(SEVERITIES);

const ZMetricName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/, "A metric name as sent to …/metrics, e.g. auc.");
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
const ZMetricRuleConfigWithDefault = (metric: string) => ZMetricRuleConfig.extend({ metric: ZMetricName.default(metric) }).strict();
export const ZDatasetDriftConfig = z.object({ share: ZShare.positive().describe("Fires when at least this share of features drifted in the latest window") }).strict();
export const ZFeaturePsiConfig = z
  .object({
    feature: ZFeatureName.optional().describe("Feature watched; every feature when omitted"),
    band: z.enum(Object.keys(PSI_BANDS) as [TPsiBand, ...TPsiBand[]]).describe("moderate: PSI ≥ 0.1; significant: PSI ≥ 0.25"),
  })
  .strict();
export const ZDataQualityConfig = z
  .object({
    feature: ZFeatureName.optional().describe("Feature watched; every feature when omitted"),
    maxMissingRate: ZShare.optional(),
    maxUnseenShare: ZShare.optional().describe("Share of values in categories never seen in the reference"),
  })
  .strict()
  .refine((c) => c.maxMissingRate !== undefined || c.maxUnseenShare !== undefined, { path: ["maxMissingRate"], message: "Set maxMissingRate, maxUnseenShare or both." });
export const ZStalenessConfig = z.object({ hours: ZHours.describe("Fires after this long without production data") }).strict();
export const ZWeightedDriftConfig = z
  .object({
    value: z
      .number()
      .positive("A weighted PSI above 0, e.g. 0.2.")
      .max(MAX_WEIGHTED_DRIFT, `At most ${MAX_WEIGHTED_DRIFT}.`)
      .describe("Fires when the latest window's importance-weighted drift (Σ importance·PSI / Σ importance) is above this"),
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
  versionId: ZId.nullable().default(null).describe("Watch this version only (while it is live); null watches whichever version is live in production"),
};

export const ZCreateAlertRuleRequest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("METRIC_THRESHOLD"), config: RULE_CONFIG_SCHEMAS.METRIC_THRESHOLD, ...ruleCommon }).strict(),
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
    config: z.record(z.string(), z.unknown()).optional().describe("A complete config for the rule's kind (the kind cannot change)"),
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
    alert: z.object({ id: ZId, status: ZAlertStatus, openedAt: ZIsoDate, message: z.string() }).strict().nullable().describe("The rule's unresolved alert, if any"),
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
    acknowledgedBy: ZPerson.nullable(),
    ackNote: z.string(),
    resolvedAt: ZIsoDate.nullable(),
    resolution: z.string().describe("Why it resolved itself"),
  })
  .strict();
export type TAlert = z.infer<typeof ZAlert>;

export const ZListAlertsQuery = z
  .object({
    status: z.enum(["OPEN", "ACKNOWLEDGED", "RESOLVED", "UNRESOLVED"]).optional().describe("UNRESOLVED = OPEN or ACKNOWLEDGED"),
    severity: ZSeverity.optional(),
    modelId: ZId.optional(),
    kind: ZAlertKind.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListAlertsQuery = z.infer<typeof ZListAlertsQuery>;
export const ZListAlertsResponse = z.object({ items: z.array(ZAlert).describe("Newest first"), nextCursor: z.string().nullable() }).strict();

export const ZAcknowledgeAlertRequest = z.object({ note: ZReason("Say what you are doing about it, so the next person knows.") }).strict();
export type TAcknowledgeAlertRequest = z.input<typeof ZAcknowledgeAlertRequest>;
export const ZAlertParams = z.object({ alertId: ZId }).strict();

// ───────── retraining requests ─────────

export const ZRetrainingStatus = z.enum(RETRAINING_STATUSES);

export const ZRetrainingRequest = z
  .object({
    id: ZId,
    model: ZModelRef,
    status: ZRetrainingStatus.describe("OPEN → IN_PROGRESS (assigned, or a new version was registered) → DONE | CANCELLED"),
    assignee: ZPerson.nullable(),
    evidence: z.record(z.string(), z.unknown()).describe("The rule, its alert and the sustained violation that opened the request"),
    alertId: ZId.nullable(),
    linkedVersion: z.object({ id: ZId, number: z.number().int(), stage: ZStage }).strict().nullable().describe("The next version registered for the model; the UAT gate's champion/challenger check decides whether it may replace the champion"),
    createdAt: ZIsoDate,
    updatedAt: ZIsoDate,
  })
  .strict();
export type TRetrainingRequest = z.infer<typeof ZRetrainingRequest>;

export const ZListRetrainingRequestsQuery = z
  .object({
    status: ZRetrainingStatus.optional(),
    modelId: ZId.optional(),
    assigneeId: ZId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListRetrainingRequestsQuery = z.infer<typeof ZListRetrainingRequestsQuery>;
export const ZListRetrainingRequestsResponse = z.object({ items: z.array(ZRetrainingRequest).describe("Newest first"), nextCursor: z.string().nullable() }).strict();

export const ZUpdateRetrainingRequest = z
  .object({
    assigneeId: ZId.nullable().optional().describe("Who retrains; null unassigns. Assigning an open request moves it to IN_PROGRESS"),
    status: ZRetrainingStatus.optional(),
    note: zText().trim().max(2000).default("").describe("Kept in the audit log"),
  })
  .strict()
  .refine((d) => d.assigneeId !== undefined || d.status !== undefined, { path: ["status"], message: "Send an assigneeId, a status or both." });
export type TUpdateRetrainingRequest = z.input<typeof ZUpdateRetrainingRequest>;
export const ZRetrainingParams = z.object({ retrainingId: ZId }).strict();

