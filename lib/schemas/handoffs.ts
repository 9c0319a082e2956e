import { z } from "zod";
import {
  CHECKLIST_ANSWER_MAX,
  CHECKLIST_ITEMS,
  checklistProblems,
  HANDOFF_DIRECTIONS,
  HANDOFF_STATUSES,
  type TChecklistKey,
} from "@/lib/domain/handoffs/handoff";
import { ZId, ZIsoDate } from "./common";
import { zText } from "./input-policy";

export const ZHandoffDirection = z
  .enum(HANDOFF_DIRECTIONS)
  .describe("DS_TO_IT: the receiver becomes IT owner; IT_TO_DS: the receiver becomes data-science owner");
export const ZHandoffStatus = z.enum(HANDOFF_STATUSES);

const answer = (key: TChecklistKey) => {
  const item = CHECKLIST_ITEMS.find((i) => i.key === key)!;
  return zText().trim().max(CHECKLIST_ANSWER_MAX).default("").describe(`${item.label}: ${item.hint}`);
};

/**
 * The six checklist answers of DESIGN.md 2.4. Every item must be answered and the runbook must be an
 * http(s) URL; the rules live in lib/domain/handoffs/handoff.ts so the form and the API say the same.
 */
export const ZHandoffChecklist = z
  .object({
    runbook: answer("runbook"),
    monitoringAgreed: answer("monitoringAgreed"),
    rollbackPlan: answer("rollbackPlan"),
    retrainingStrategy: answer("retrainingStrategy"),
    onCall: answer("onCall"),
    knownLimitations: answer("knownLimitations"),
  } satisfies Record<TChecklistKey, z.ZodType>)
  .strict()
  .superRefine((answers, ctx) => {
    for (const p of checklistProblems(answers)) ctx.addIssue({ code: "custom", path: [p.key], message: p.message });
  });
export type THandoffChecklistInput = z.input<typeof ZHandoffChecklist>;

const ZPerson = z.object({ id: ZId, name: z.string(), active: z.boolean() }).strict();
const ZTeamRef = z.object({ id: ZId, name: z.string() }).strict();

export const ZHandoff = z
  .object({
    id: ZId,
    modelId: ZId,
    modelSlug: z.string(),
    modelTitle: z.string(),
    direction: ZHandoffDirection,
    status: ZHandoffStatus,
    from: ZPerson.describe("Holder of the role being handed over when the handoff was proposed"),
    to: ZPerson.describe("The receiver: only they accept or decline"),
    proposedBy: ZPerson.describe("The from-user, or an administrator acting for an owner who left"),
    fromTeam: ZTeamRef.nullable(),
    toTeam: ZTeamRef.nullable(),
    checklist: z.record(z.string(), z.string()).describe("Checklist answers, by item key"),
    message: z.string().describe("The proposer's note"),
    reason: z.string().describe("Why it was declined or cancelled, or the receiver's note on acceptance"),
    proposedAt: ZIsoDate,
    decidedAt: ZIsoDate.nullable(),
  })
  .strict();
export type THandoff = z.infer<typeof ZHandoff>;

export const ZProposeHandoffRequest = z
  .object({
    direction: ZHandoffDirection,
    toUserId: ZId.describe("The receiver: an active IT operator (DS_TO_IT) or data scientist (IT_TO_DS)"),
    checklist: ZHandoffChecklist,
    message: zText().trim().max(2000).default("").describe("A note for the receiver"),
  })
  .strict();
export type TProposeHandoffRequest = z.input<typeof ZProposeHandoffRequest>;

export const ZAcceptHandoffRequest = z
  .object({ note: zText().trim().max(2000).default("").describe("Optional note, kept with the handoff") })
  .strict();
export type TAcceptHandoffRequest = z.input<typeof ZAcceptHandoffRequest>;

export const ZDeclineHandoffRequest = z
  .object({ reason: zText().trim().min(1, "Say why you decline, so the proposer knows what to fix.").max(2000) })
  .strict();
export type TDeclineHandoffRequest = z.input<typeof ZDeclineHandoffRequest>;

export const ZCancelHandoffRequest = z.object({ reason: zText().trim().max(2000).default("") }).strict();
export type TCancelHandoffRequest = z.input<typeof ZCancelHandoffRequest>;

export const ZHandoffParams = z.object({ handoffId: ZId }).strict();

export const ZListHandoffsQuery = z
  .object({
    status: ZHandoffStatus.optional(),
    toUserId: ZId.optional().describe("Handoffs addressed to this user"),
    fromUserId: ZId.optional().describe("Handoffs from (or proposed by) this user"),
    modelId: z.string().min(1).max(100).optional().describe("Model id or slug"),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListHandoffsQuery = z.input<typeof ZListHandoffsQuery>;
export const ZListHandoffsResponse = z.object({ items: z.array(ZHandoff), nextCursor: z.string().nullable() }).strict();

export const ZOverrideOwnershipRequest = z
  .object({
    dsOwnerId: ZId.optional().describe("New data-science owner (an active data scientist)"),
    itOwnerId: ZId.nullable().optional().describe("New IT owner (an active IT operator), or null to clear"),
    teamId: ZId.optional().describe("New owning team"),
    reason: zText()
      .trim()
      .min(1, "An override needs a reason; it is kept in the audit log and the ownership history.")
      .max(2000),
  })
  .strict()
  .refine((v) => v.dsOwnerId !== undefined || v.itOwnerId !== undefined || v.teamId !== undefined, {
    path: ["dsOwnerId"],
    message: "Change at least one of dsOwnerId, itOwnerId, teamId.",
  });
export type TOverrideOwnershipRequest = z.input<typeof ZOverrideOwnershipRequest>;
