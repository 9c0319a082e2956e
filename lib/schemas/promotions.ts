import { z } from "zod";
import { ZId, ZIsoDate, ZRole } from "./common";
import { ZStage } from "./models";
import { zText } from "./input-policy";

export const ZRequirementResult = z.object({ key: z.string(), label: z.string(), met: z.boolean(), detail: z.string() }).strict();
export const ZGateResult = z
  .object({
    open: z.boolean(),
    requirements: z.array(ZRequirementResult),
    countedApprovers: z.array(z.object({ approverId: ZId, role: ZRole }).strict()),
    artifactDigest: z.string().nullable().optional().describe("Manifest digest of the version's stored files when judged (sha256:…); null when they lie outside Modelgate's store"),
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

export const ZTransitionRequest = z
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
    gate: ZGateResult.nullable().describe("Latest evaluation of the gate, against the policy version the request was opened under"),
    approvals: z.array(ZApproval),
    createdAt: ZIsoDate,
    decidedAt: ZIsoDate.nullable(),
    appliedAt: ZIsoDate.nullable(),
  })
  .strict();
export type TTransitionRequest = z.infer<typeof ZTransitionRequest>;

export const ZCreateTransitionRequest = z
  .object({
    toStage: ZStage.describe("Target stage: the next lifecycle stage, or ARCHIVED"),
    justification: zText().trim().max(2000).default(""),
  })
  .strict();
export type TCreateTransitionRequest = z.input<typeof ZCreateTransitionRequest>;

export const ZListTransitionsQuery = z
  .object({
    status: z.enum(["PENDING", "APPROVED", "REJECTED", "CANCELLED", "APPLIED"]).optional(),
    modelId: ZId.optional(),
    versionId: ZId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListTransitionsQuery = z.infer<typeof ZListTransitionsQuery>;
export const ZListTransitionsResponse = z.object({ items: z.array(ZTransitionRequest), nextCursor: z.string().nullable() }).strict();

export const ZCancelTransitionRequest = z.object({ reason: zText().trim().max(2000).default("") }).strict();

export const ZDecideTransitionRequest = z
  .object({
    decision: z.enum(["APPROVE", "REJECT"]),
    comment: zText().trim().max(2000).default(""),
  })
  .strict()
  .refine((d) => d.decision === "APPROVE" || d.comment.length > 0, { path: ["comment"], message: "A rejection needs a comment saying what to fix." });
export type TDecideTransitionRequest = z.input<typeof ZDecideTransitionRequest>;

export const ZTransitionParams = z.object({ requestId: ZId }).strict();

export const ZApprovalQueueQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(100).describe("Page size, 1–100"),
    cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page"),
  })
  .strict();
export type TApprovalQueueQuery = z.infer<typeof ZApprovalQueueQuery>;
export const ZApprovalQueueResponse = z
  .object({ items: z.array(ZTransitionRequest).describe("Oldest first"), nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page") })
  .strict();

export const ZGatePreviewResponse = z
  .object({
    preview: z
      .object({
        toStage: ZStage,
        policy: ZTransitionRequest.shape.policy,
        requestId: z.string().nullable().describe("The pending request judged, or null when judged as if the caller asked now"),
        gate: ZGateResult,
      })
      .strict()
      .nullable()
      .describe("null when the version has no next stage"),
  })
  .strict();
