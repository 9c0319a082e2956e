import { z } from "zod";
import { RETRAINING_STATUSES } from "@/lib/domain/retraining/retraining";
import { ZId, ZIsoDate, ZModelRef, ZPersonRef } from "./common";
import { ZStage } from "./models";
import { zText } from "./input-policy";

// Retraining requests (issue 8).

// ───────── retraining requests ─────────

export const ZRetrainingStatus = z.enum(RETRAINING_STATUSES);

export const ZRetrainingRequest = z
  .object({
    id: ZId,
    model: ZModelRef,
    status: ZRetrainingStatus.describe(
      "OPEN → IN_PROGRESS (assigned, or a new version was registered) → DONE | CANCELLED",
    ),
    assignee: ZPersonRef.nullable(),
    evidence: z
      .record(z.string(), z.unknown())
      .describe("The rule, its alert and the sustained violation that opened the request"),
    alertId: ZId.nullable(),
    linkedVersion: z
      .object({ id: ZId, number: z.number().int(), stage: ZStage })
      .strict()
      .nullable()
      .describe(
        "The next version registered for the model; the UAT gate's champion/challenger check decides whether it may replace the champion",
      ),
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
export const ZListRetrainingRequestsResponse = z
  .object({ items: z.array(ZRetrainingRequest).describe("Newest first"), nextCursor: z.string().nullable() })
  .strict();

export const ZUpdateRetrainingRequest = z
  .object({
    assigneeId: ZId.nullable()
      .optional()
      .describe("Who retrains; null unassigns. Assigning an open request moves it to IN_PROGRESS"),
    status: ZRetrainingStatus.optional(),
    note: zText().trim().max(2000).default("").describe("Kept in the audit log"),
  })
  .strict()
  .refine((d) => d.assigneeId !== undefined || d.status !== undefined, {
    path: ["status"],
    message: "Send an assigneeId, a status or both.",
  });
export type TUpdateRetrainingRequest = z.input<typeof ZUpdateRetrainingRequest>;
export const ZRetrainingParams = z.object({ retrainingId: ZId }).strict();
