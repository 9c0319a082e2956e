import { z } from "zod";
import type { TGateRequirements } from "@/lib/domain/gates/policy";
import { COMPARATORS, CRITICALITIES, GATED_STAGES, REQUIRED_METADATA_FIELDS } from "@/lib/domain/gates/policy-rules";
import { ROLES } from "@/lib/domain/rbac/permissions";
import { ZId, ZIsoDate } from "./common";

// Same alphabets as the names versions and CI report (ZRegisterVersionRequest.metrics, ZReportCheckRequest.name),
// so a policy can never require a metric or a check that nobody is able to send.
const ZMetricName = z
  .string({ error: "Enter a metric name." })
  .regex(
    /^[A-Za-z0-9_.:/-]{1,100}$/,
    "Metric names are 1–100 letters, digits or _ . : / -, as versions report them (e.g. auc).",
  );
const ZCheckName = z
  .string({ error: "Enter a check name." })
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    "Check names are lowercase letters, digits, dots, hyphens or underscores, as CI reports them (e.g. unit-tests).",
  );

/** Flags the second and later occurrence of a key, at its own index, so the form can point at the duplicate row. */
function uniqueBy<T>(key: (item: T) => string, message: (k: string) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: field ? [i, field] : [i], message: message(k) });
      seen.add(k);
    });
  };
}

const ZApprovalRequirement = z
  .object({
    role: z
      .enum(ROLES, { error: "Choose a role: DATA_SCIENTIST, IT_OPS, MANAGER or ADMIN." })
      .describe("Role the approver must hold"),
    count: z
      .number({ error: "Enter how many approvals (1–5)." })
      .int("Enter a whole number of approvals.")
      .min(1, "At least 1 approval; remove the row to require none.")
      .max(5, "At most 5 approvals per role.")
      .describe("Distinct people of this role who must approve"),
  })
  .strict();

const ZMetricThreshold = z
  .object({
    metric: ZMetricName,
    op: z.enum(COMPARATORS, { error: "Choose one of >=, >, <=, <." }),
    value: z.number({ error: "Enter a number." }).describe("Finite threshold the metric is compared with"),
    problemType: z
      .enum(["CLASSIFICATION", "REGRESSION", "OTHER"], {
        error: "Choose CLASSIFICATION, REGRESSION or OTHER (or leave it out for every model).",
      })
      .optional()
      .describe("Applies only to models of this problem type; absent = every model"),
  })
  .strict();

const ZChampionRule = z
  .object({
    metrics: z
      .array(ZMetricName)
      .min(1, "Name at least one metric to compare with the champion.")
      .max(20, "At most 20 metrics.")
      .superRefine(
        uniqueBy(
          (m) => m,
          (m) => `${m} is listed twice.`,
        ),
      ),
    tolerance: z
      .number({ error: "Enter a tolerance between 0 and 1." })
      .min(0, "The tolerance cannot be negative.")
      .max(1, "The tolerance is an absolute difference of at most 1.")
      .describe("Largest allowed regression, absolute, on each named metric"),
    lowerIsBetter: z
      .array(ZMetricName)
      .max(20)
      .superRefine(
        uniqueBy(
          (m) => m,
          (m) => `${m} is listed twice.`,
        ),
      )
      .describe("Metrics among `metrics` where lower is better (rmse, log loss…)"),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.lowerIsBetter.forEach((m, i) => {
      if (!c.metrics.includes(m))
        ctx.addIssue({
          code: "custom",
          path: ["lowerIsBetter", i],
          message: `${m} is not one of the compared metrics.`,
        });
    });
  });

const flag = (what: string) => z.boolean({ error: `Say true or false: ${what}.` });

/** The strict mirror of TGateRequirements (lib/domain/gates/policy.ts): what a gate policy version holds. */
export const ZGateRequirements = z
  .object({
    approvals: z
      .array(ZApprovalRequirement)
      .max(ROLES.length)
      .superRefine(
        uniqueBy(
          (a) => a.role,
          (r) => `${r} already has a row; raise its count instead.`,
          "role",
        ),
      )
      .describe("Sign-offs by role; each person fills at most one slot"),
    separationOfDuties: flag("separation of duties").describe("The version's creator and the requester cannot approve"),
    ownerMustRequest: flag("owner must request").describe(
      "Only the model's data-science owner (or an administrator) may ask",
    ),
    requiredMetadata: z
      .array(z.enum(REQUIRED_METADATA_FIELDS, { error: `Choose among ${REQUIRED_METADATA_FIELDS.join(", ")}.` }))
      .superRefine(
        uniqueBy(
          (f) => f,
          (f) => `${f} is listed twice.`,
        ),
      ),
    metricThresholds: z
      .array(ZMetricThreshold)
      .max(20, "At most 20 thresholds.")
      .superRefine(
        uniqueBy(
          (t) => t.metric,
          (m) => `${m} already has a threshold.`,
          "metric",
        ),
      ),
    requiredChecks: z
      .array(ZCheckName)
      .max(20, "At most 20 checks.")
      .superRefine(
        uniqueBy(
          (c) => c,
          (c) => `${c} is listed twice.`,
        ),
      )
      .describe("CI checks whose latest result must be PASS"),
    requireReferenceDataset: flag("reference dataset"),
    champion: ZChampionRule.nullable().describe(
      "No regression against the production champion beyond a tolerance; null = no comparison",
    ),
    requireActiveDeployment: flag("active deployment").describe("Gate to MONITORING only"),
    requireAlertRules: flag("alert rules"),
    requireHandoffAccepted: flag("handoff accepted"),
    // The two issue-19 requirements default to off, so a client written before them still saves a policy.
    requireFeatureImportance: flag("feature importance provided")
      .default(false)
      .describe(
        "The version carries global feature importances (POST …/importance or the modelgate.feature_importance MLflow tag)",
      ),
    approvedTopFeatures: z
      .object({
        topN: z
          .number({ error: "Enter how many of the most important features to check (1–20)." })
          .int("Enter a whole number of features.")
          .min(1, "Check at least the most important feature.")
          .max(20, "At most the top 20 features.")
          .describe("How many of the most important features must be on the model's approved list"),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "The version's top N features must all be on the model's approved list (models.approvedFeatures); null = not checked",
      ),
    // Issue 17; defaults to off like the issue-19 requirements, so older clients still save policies.
    requireModelCard: flag("model card complete")
      .default(false)
      .describe("The model's card has every section of the Model Cards template, each non-empty"),
  })
  .strict();

// Compile-time proof that the schema and the domain type describe the same object, in both directions:
// a field added to one and not the other stops the build.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const SCHEMA_MATCHES_DOMAIN: Same<z.infer<typeof ZGateRequirements>, TGateRequirements> = true;
void SCHEMA_MATCHES_DOMAIN;

export const ZGatedStage = z
  .enum(GATED_STAGES, { error: "Gates exist for INDUSTRIALIZATION, UAT, DEPLOYMENT and MONITORING." })
  .describe("Target stage of the gate");
export const ZGateCriticality = z
  .enum(CRITICALITIES, { error: "Choose INTERNAL or MISSION_CRITICAL." })
  .describe("Criticality of the models the gate applies to");

export const ZGatePolicy = z
  .object({
    id: ZId,
    targetStage: ZGatedStage,
    criticality: ZGateCriticality,
    version: z.number().int().describe("1, 2, … per (stage, criticality)"),
    isCurrent: z.boolean().describe("Only the newest version is current; new requests are opened under it"),
    requirements: ZGateRequirements,
    note: z.string().describe("Why this version was saved"),
    createdBy: z.object({ id: ZId, name: z.string() }).strict().nullable().describe("null for the seeded defaults"),
    createdAt: ZIsoDate,
    pendingRequests: z
      .number()
      .int()
      .describe("Pending promotion requests opened under this version (they keep it until decided)"),
  })
  .strict();
export type TGatePolicy = z.infer<typeof ZGatePolicy>;

export const ZGatePolicyPair = z
  .object({
    targetStage: ZGatedStage,
    criticality: ZGateCriticality,
    current: ZGatePolicy.nullable().describe("null when the pair has no policy: its gate requires nothing"),
    history: z.array(ZGatePolicy).describe("Older versions, newest first"),
  })
  .strict();
export type TGatePolicyPair = z.infer<typeof ZGatePolicyPair>;

export const ZListGatePoliciesResponse = z
  .object({
    items: z
      .array(ZGatePolicyPair)
      .describe("Every (stage, criticality) pair, stages in lifecycle order, INTERNAL before MISSION_CRITICAL"),
  })
  .strict();
export type TListGatePoliciesResponse = z.infer<typeof ZListGatePoliciesResponse>;

export const ZGatePolicyParams = z.object({ stage: ZGatedStage, criticality: ZGateCriticality }).strict();

export const ZUpdateGatePolicyRequest = z
  .object({
    requirements: ZGateRequirements,
    note: z
      .string({ error: "Say why the policy changes." })
      .trim()
      .min(1, "Say why the policy changes.")
      .max(500, "Keep the note to 500 characters.")
      .describe("Why it changed; shown in the policy history and the audit log"),
  })
  .strict();
export type TUpdateGatePolicyRequest = z.infer<typeof ZUpdateGatePolicyRequest>;
