import "server-only";
import { canOperateModel } from "@/lib/domain/rbac/operate-access";
import { checkRetrainingStatusChange, type TRetrainingStatus } from "@/lib/domain/retraining/retraining";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZUpdateRetrainingRequest,
  type TRetrainingRequest,
  type TUpdateRetrainingRequest,
} from "@/lib/schemas/retraining";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { RETRAINING_DTO_SELECT, toRetrainingDtos } from "./retraining-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Assigns a retraining request and/or moves its status (OPEN → IN_PROGRESS → DONE, or CANCELLED; DONE and
 * CANCELLED are final). Assigning an open request starts it (IN_PROGRESS) unless a status is given. Allowed to
 * the people who operate the model (lib/domain/rbac/operate-access.ts); the row is locked so concurrent edits
 * apply one after the other, and the change is audited.
 */
export async function assignRetrainingRequest({
  actor,
  retrainingId,
  input: raw,
}: {
  actor: TActor;
  retrainingId: string;
  input: TUpdateRetrainingRequest;
}): Promise<TRetrainingRequest> {
  requirePermission(actor, "models:read");
  const input = ZUpdateRetrainingRequest.parse(raw);
  return runTransaction(async (tx) => {
    if (!(await lockModel(tx, { retrainingId }))) throw new AppError("NOT_FOUND", "No such retraining request.");
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM retraining_requests WHERE id = ${retrainingId} FOR UPDATE`;
    if (!locked.length) throw new AppError("NOT_FOUND", "No such retraining request.");
    const r = await tx.retrainingRequest.findUniqueOrThrow({
      where: { id: retrainingId },
      select: {
        status: true,
        assigneeId: true,
        modelId: true,
        model: { select: { slug: true, teamId: true, dsOwnerId: true, itOwnerId: true } },
      },
    });
    if (!canOperateModel(actor, r.model))
      throw new AppError(
        "FORBIDDEN",
        `Only the people who operate ${r.model.slug} (its team, owners, IT operations, administrators) may work its retraining requests.`,
      );
    if (input.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: input.assigneeId }, select: { active: true } });
      if (!assignee?.active)
        throw new AppError("VALIDATION_FAILED", "The assignee must be an active user.", {
          errors: [{ path: "assigneeId", message: "No active user with this id." }],
        });
    }
    const from = r.status as TRetrainingStatus;
    const to: TRetrainingStatus = input.status ?? (input.assigneeId && from === "OPEN" ? "IN_PROGRESS" : from);
    const check = checkRetrainingStatusChange(from, to);
    if (!check.ok) throw new AppError("CONFLICT", check.message);
    if ((from === "DONE" || from === "CANCELLED") && input.assigneeId !== undefined)
      throw new AppError("CONFLICT", `The request is ${from.toLowerCase()}; it cannot be reassigned.`);
    const assigneeId = input.assigneeId === undefined ? r.assigneeId : input.assigneeId;
    await tx.retrainingRequest.update({ where: { id: retrainingId }, data: { status: to, assigneeId } });
    await appendAuditEvent(tx, {
      actor,
      action: "retraining.updated",
      entityType: "retraining_request",
      entityId: retrainingId,
      modelId: r.modelId,
      before: { status: from, assigneeId: r.assigneeId },
      after: { status: to, assigneeId },
      metadata: input.note ? { note: input.note } : {},
    });
    const [dto] = await toRetrainingDtos(tx, [
      await tx.retrainingRequest.findUniqueOrThrow({ where: { id: retrainingId }, select: RETRAINING_DTO_SELECT }),
    ]);
    return dto!;
  });
}
