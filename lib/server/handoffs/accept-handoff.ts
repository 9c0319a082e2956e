import "server-only";
import {
  canDecideHandoff,
  DIRECTION_LABELS,
  ownershipAfterAcceptance,
  type TModelOwners,
} from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZAcceptHandoffRequest, type TAcceptHandoffRequest, type THandoff } from "@/lib/schemas/handoffs";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { evaluateAndMaybeApply } from "../promotions/evaluate-pending";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { handoffAnsweredText } from "@/lib/domain/notifications/notification-text";
import { notifyUsers } from "../notifications/notify";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";
import { throwIfRefused } from "./throw-if-refused";
import { runTransaction } from "@/lib/db/run-transaction";

const owners = (o: TModelOwners): TModelOwners => ({
  teamId: o.teamId,
  dsOwnerId: o.dsOwnerId,
  itOwnerId: o.itOwnerId,
});

/**
 * The receiver accepts: in one transaction the model's owners change, the ownership history gains a row,
 * the audit log and the outbox (`handoff.accepted`) record it. The handoff row is locked first, so a
 * double click (or two tabs) applies once: the second caller finds it ACCEPTED and gets a 409.
 * A handoff to IT can open a pending MONITORING gate (mission-critical models need it), so such requests
 * are judged again before the transaction ends.
 */
export async function acceptHandoff({
  actor,
  handoffId,
  input: raw,
}: {
  actor: TActor;
  handoffId: string;
  input: TAcceptHandoffRequest;
}): Promise<THandoff> {
  requirePermission(actor, "handoffs:decide");
  const input = ZAcceptHandoffRequest.parse(raw);
  return runTransaction(async (tx) => {
    // Lock order (docs/ARCHITECTURE.md): the model row, then the handoff, then its requests.
    if (!(await lockModel(tx, { handoffId }))) throw new AppError("NOT_FOUND", "No such handoff.");
    await tx.$queryRaw`SELECT id FROM handoffs WHERE id = ${handoffId} FOR UPDATE`;
    const h = await tx.handoff.findUniqueOrThrow({
      where: { id: handoffId },
      select: { status: true, direction: true, modelId: true, fromUserId: true, toUserId: true, toTeamId: true },
    });
    throwIfRefused(canDecideHandoff(actor, h, "ACCEPT"));

    // Pending MONITORING requests are re-judged below; the model lock already serialises them with votes.
    const monitoringRequests =
      h.direction === "DS_TO_IT"
        ? await tx.$queryRaw<
            { id: string }[]
          >`SELECT r.id FROM transition_requests r JOIN model_versions v ON v.id = r."versionId" WHERE v."modelId" = ${h.modelId} AND r.status = 'PENDING' AND r."toStage" = 'MONITORING' ORDER BY r.id`
        : [];
    const model = await tx.model.findUniqueOrThrow({
      where: { id: h.modelId },
      select: { slug: true, teamId: true, dsOwnerId: true, itOwnerId: true, archivedAt: true },
    });
    if (model.archivedAt) throw new AppError("CONFLICT", "The model is archived; its ownership no longer changes.");

    const before = owners(model);
    const after = ownershipAfterAcceptance(before, h);
    const now = new Date();
    await tx.model.update({ where: { id: h.modelId }, data: after });
    await tx.handoff.update({
      where: { id: handoffId },
      data: { status: "ACCEPTED", decidedAt: now, reason: input.note },
    });
    await tx.ownershipHistory.create({
      data: {
        modelId: h.modelId,
        ...after,
        handoffId,
        changedById: actor.userId,
        reason: `Handoff accepted (${DIRECTION_LABELS[h.direction]})`,
        createdAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "handoff.accepted",
      entityType: "handoff",
      entityId: handoffId,
      modelId: h.modelId,
      before,
      after,
      metadata: { direction: h.direction, note: input.note },
    });
    await notifyUsers(
      tx,
      [h.fromUserId],
      handoffAnsweredText({ modelSlug: model.slug, receiverName: actor.name, accepted: true }),
      { modelId: h.modelId, actorId: actor.userId, actorLabel: actor.name },
    );
    await enqueueEvent(tx, "handoff.accepted", {
      handoffId,
      modelId: h.modelId,
      modelSlug: model.slug,
      direction: h.direction,
      fromUserId: h.fromUserId,
      toUserId: h.toUserId,
      owners: after,
    });
    for (const r of monitoringRequests) await evaluateAndMaybeApply(tx, actor, r.id);
    return toHandoffDto(await tx.handoff.findUniqueOrThrow({ where: { id: handoffId }, select: HANDOFF_DTO_SELECT }));
  });
}
