import { z } from "zod";
import { ZId, ZIsoDate, ZRole } from "./common";
import { ZStage } from "./models";
import { zText } from "./input-policy";

export const ZRequirementResult = z
  .object({ key: z.string(), label: z.string(), met: z.boolean(), detail: z.string() })
  .strict();
export const ZGateResult = z
  .object({
    open: z.boolean(),
    requirements: z.array(ZRequirementResult),
    countedApprovers: z.array(z.object({ approverId: ZId, role: ZRole }).strict()),
    artifactDigest: z
      .string()
      .nullable()
      .optional()
      .describe(
        "Manifest digest of the version's stored files when judged (sha256:…); null when they lie outside Modelgate's store",
      ),
  })
  .strict();
export type TGateResultDto = z.infer<typeof ZGateResult>;

export const ZApproval = z
  .object({
    id: ZId,
    approver: z.object({ id: ZId, name: z.string(), active: z.boolean() }).strict(),
    role: ZRole,
    decision: z.enum(["APPROVE", "REJECT"]),
    comment: z.string(),
    artifactDigest: z.string().nullable().describe("The version's artifact digest this vote was cast on"),
    createdAt: ZIsoDate,
  })
  .strict();

export const ZPromotionRequest = z
  .object({
    id: ZId,
    versionId: ZId,
    versionNumber: z.number().int(),
    modelId: ZId,
    modelSlug: z.string(),
    modelTitle: z.string(),
    criticality: z.enum(["MISSION_CRITICAL", "INTERNAL"]),
    fromStage: ZStage,
    toStage: ZStage,
    status: z.enum(["PENDING", "APPROVED", "REJECTED", "CANCELLED", "APPLIED"]),
    requester: z.object({ id: ZId, name: z.string() }).strict(),
    justification: z.string(),
    resolution: z.string(),
    policy: z.object({ id: ZId, version: z.number().int(), isCurrent: z.boolean() }).strict().nullable(),
    gate: ZGateResult.nullable().describe(
      "Latest evaluation of the gate, against the policy version the request was opened under",
    ),
    approvals: z.array(ZApproval),
    createdAt: ZIsoDate,
    decidedAt: ZIsoDate.nullable(),
    appliedAt: ZIsoDate.nullable(),
  })
  .strict();
export type TPromotionRequest = z.infer<typeof ZPromotionRequest>;

export const ZCreatePromotionRequest = z
  .object({
    toStage: ZStage.describe("Target stage: the next lifecycle stage, or ARCHIVED"),
    justification: zText().trim().max(2000).default(""),
  })
  .strict();
export type TCreatePromotionRequest = z.input<typeof ZCreatePromotionRequest>;

export const ZListPromotionsQuery = z
  .object({
    status: z.enum(["PENDING", "APPROVED", "REJECTED", "CANCELLED", "APPLIED"]).optional(),
    modelId: ZId.optional(),
    versionId: ZId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListPromotionsQuery = z.infer<typeof ZListPromotionsQuery>;
export const ZListPromotionsResponse = z
  .object({ items: z.array(ZPromotionRequest), nextCursor: z.string().nullable() })
  .strict();

export const ZCancelPromotionRequest = z.object({ reason: zText().trim().max(2000).default("") }).strict();

export const ZDecidePromotionRequest = z
  .object({
    decision: z.enum(["APPROVE", "REJECT"]),
    comment: zText().trim().max(2000).default(""),
  })
  .strict()
  .refine((d) => d.decision === "APPROVE" || d.comment.length > 0, {
    path: ["comment"],
    message: "A rejection needs a comment saying what to fix.",
  });
export type TDecidePromotionRequest = z.input<typeof ZDecidePromotionRequest>;

export const ZPromotionParams = z.object({ requestId: ZId }).strict();

export const ZPromotionQueueQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(100).describe("Page size, 1–100"),
    cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page"),
  })
  .strict();
export type TPromotionQueueQuery = z.infer<typeof ZPromotionQueueQuery>;
export const ZPromotionQueueResponse = z
  .object({
    items: z.array(ZPromotionRequest).describe("Oldest first"),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .strict();

export const ZGatePreviewResponse = z
  .object({
    preview: z
      .object({
        toStage: ZStage,
        policy: ZPromotionRequest.shape.policy,
        requestId: z
          .string()
          .nullable()
          .describe("The pending request judged, or null when judged as if the caller asked now"),
        gate: ZGateResult,
      })
      .strict()
      .nullable()
      .describe("null when the version has no next stage"),
  })
  .strict();
