import "server-only";
import { canOpenHandoff, checkReceiver, handoffFromUserId } from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZProposeHandoffRequest, type THandoff, type TProposeHandoffRequest } from "@/lib/schemas/handoffs";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { handoffProposedText } from "@/lib/domain/notifications/notification-text";
import { notifyUsers } from "../notifications/notify";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";
import { throwIfRefused } from "./throw-if-refused";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Proposes a handoff with its complete checklist. The model row is locked first, so two proposals on
 * one model serialise and the second sees the first (one proposed handoff per model; the partial unique
 * index is the backstop). Audited, and announced as `handoff.proposed`.
 */
export async function proposeHandoff({
  actor,
  modelRef,
  input: raw,
}: {
  actor: TActor;
  modelRef: string;
  input: TProposeHandoffRequest;
}): Promise<THandoff> {
  requirePermission(actor, "handoffs:propose");
  const input = ZProposeHandoffRequest.parse(raw);
  return runTransaction(async (tx) => {
    const ref = await findModelRef(tx, modelRef);
    await lockModel(tx, { modelId: ref.id });
    const model = await tx.model.findUniqueOrThrow({
      where: { id: ref.id },
      select: { slug: true, teamId: true, dsOwnerId: true, itOwnerId: true, archivedAt: true },
    });
    // "Had a production deployment": any that ran (active, superseded or rolled back), not a failed one.
    const production = await tx.deployment.count({
      where: { modelId: ref.id, status: { not: "FAILED" }, environment: { isProduction: true } },
    });
    throwIfRefused(
      canOpenHandoff(
        actor,
        { ...model, archived: !!model.archivedAt, hasHadProductionDeployment: production > 0 },
        input.direction,
      ),
    );
    const receiver = await tx.user.findUnique({
      where: { id: input.toUserId },
      select: { id: true, roles: true, active: true, teamId: true },
    });
    throwIfRefused(checkReceiver(model, input.direction, actor.userId, receiver));
    const to = receiver!; // checkReceiver refuses a missing receiver
    const pending = await tx.handoff.findFirst({
      where: { modelId: ref.id, status: "PROPOSED" },
      select: { id: true },
    });
    if (pending)
      throw new AppError(
        "CONFLICT",
        "A handoff of this model is already waiting; it must be accepted, declined or cancelled first.",
        { extra: { pendingHandoffId: pending.id } },
      );

    const fromUserId = handoffFromUserId(model, input.direction, actor.userId);
    const from = await tx.user.findUniqueOrThrow({ where: { id: fromUserId }, select: { teamId: true } });
    const handoff = await tx.handoff.create({
      data: {
        modelId: ref.id,
        direction: input.direction,
        fromUserId,
        toUserId: to.id,
        fromTeamId: from.teamId,
        toTeamId: to.teamId,
        proposedById: actor.userId,
        checklist: input.checklist,
        message: input.message,
      },
      select: HANDOFF_DTO_SELECT,
    });
    const event = {
      handoffId: handoff.id,
      modelId: ref.id,
      modelSlug: model.slug,
      direction: input.direction,
      fromUserId,
      toUserId: to.id,
      proposedById: actor.userId,
    };
    await appendAuditEvent(tx, {
      actor,
      action: "handoff.proposed",
      entityType: "handoff",
      entityId: handoff.id,
      modelId: ref.id,
      after: { ...event, checklist: input.checklist, message: input.message },
    });
    await enqueueEvent(tx, "handoff.proposed", event);
    await notifyUsers(
      tx,
      [to.id],
      handoffProposedText({ modelSlug: model.slug, proposerName: actor.name, direction: input.direction }),
      { modelId: ref.id, actorId: actor.userId, actorLabel: actor.name },
    );
    return toHandoffDto(handoff);
  });
}
