import { z } from "zod";
import { ENVIRONMENT_NAME_RE } from "@/lib/domain/deployments/deployments";
import { ZId, ZIsoDate, ZPersonRef, ZReason, ZVersionRef } from "./common";
import { ZHealth, ZStage } from "./models";
import { zText } from "./input-policy";

// Environments, deployments and rollback (issue 8).

// ───────── environments ─────────

export const ZEnvironmentName = z
  .string()
  .regex(
    ENVIRONMENT_NAME_RE,
    "Environment names are lowercase letters, digits, _ or -, starting with a letter (e.g. staging).",
  )
  .describe("Environment name, as metric points and sample windows name it");

export const ZEnvironment = z
  .object({
    id: ZId,
    name: z.string(),
    description: z.string(),
    isProduction: z
      .boolean()
      .describe(
        "Production environments serve customers: their data drives health and alerts, and rollback applies to them",
      ),
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
    status: ZDeploymentStatus.describe(
      "ACTIVE: running now; SUPERSEDED: replaced by a later deployment; ROLLED_BACK: pulled by a rollback",
    ),
    deployedBy: ZPersonRef.nullable(),
    reason: z.string(),
    artifactDigest: z
      .string()
      .nullable()
      .describe(
        "The manifest digest of the files deployed (issue 20); null when the version's files are not in Modelgate's store",
      ),
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
  .refine((d) => (d.versionId === undefined) !== (d.version === undefined), {
    path: ["versionId"],
    message: "Give either versionId or version (its number), not both.",
  });
export type TRecordDeploymentRequest = z.input<typeof ZRecordDeploymentRequest>;

export const ZRecordDeploymentResponse = z
  .object({
    deployment: ZDeployment,
    superseded: ZDeployment.nullable().describe("The deployment this one replaced in the environment, if any"),
    promoted: z
      .boolean()
      .describe(
        "true when this production deployment opened the version's pending MONITORING gate and the version entered MONITORING",
      ),
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
export const ZListDeploymentsResponse = z
  .object({ items: z.array(ZDeployment).describe("Newest first"), nextCursor: z.string().nullable() })
  .strict();

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
    target: ZRollbackCandidate.nullable().describe(
      "The version a rollback would return to: the last one healthy in this environment",
    ),
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
    fromVersionId: ZId.optional().describe(
      "The live version you mean to roll back: refused (409) if another one is live by now, so a double click cannot roll back twice",
    ),
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
