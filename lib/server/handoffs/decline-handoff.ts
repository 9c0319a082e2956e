import "server-only";
import { canDecideHandoff } from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZDeclineHandoffRequest, type TDeclineHandoffRequest, type THandoff } from "@/lib/schemas/handoffs";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { handoffAnsweredText } from "@/lib/domain/notifications/notification-text";
import { notifyUsers } from "../notifications/notify";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";
import { throwIfRefused } from "./throw-if-refused";
import { runTransaction } from "@/lib/db/run-transaction";

/** The receiver declines, with a reason the proposer sees; ownership stays as it was. Audited, `handoff.declined`. */
export async function declineHandoff({
  actor,
  handoffId,
  input: raw,
}: {
  actor: TActor;
  handoffId: string;
  input: TDeclineHandoffRequest;
}): Promise<THandoff> {
  requirePermission(actor, "handoffs:decide");
  const input = ZDeclineHandoffRequest.parse(raw);
  return runTransaction(async (tx) => {
    // Lock order (docs/ARCHITECTURE.md): the model row, then the handoff.
    if (!(await lockModel(tx, { handoffId }))) throw new AppError("NOT_FOUND", "No such handoff.");
    await tx.$queryRaw`SELECT id FROM handoffs WHERE id = ${handoffId} FOR UPDATE`;
    const h = await tx.handoff.findUniqueOrThrow({
      where: { id: handoffId },
      select: {
        status: true,
        direction: true,
        modelId: true,
        fromUserId: true,
        toUserId: true,
        model: { select: { slug: true } },
      },
    });
    throwIfRefused(canDecideHandoff(actor, h, "DECLINE"));
    await tx.handoff.update({
      where: { id: handoffId },
      data: { status: "DECLINED", decidedAt: new Date(), reason: input.reason },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "handoff.declined",
      entityType: "handoff",
      entityId: handoffId,
      modelId: h.modelId,
      before: { status: "PROPOSED" },
      after: { status: "DECLINED", reason: input.reason },
    });
    await notifyUsers(
      tx,
      [h.fromUserId],
      handoffAnsweredText({ modelSlug: h.model.slug, receiverName: actor.name, accepted: false, reason: input.reason }),
      { modelId: h.modelId, actorId: actor.userId, actorLabel: actor.name },
    );
    await enqueueEvent(tx, "handoff.declined", {
      handoffId,
      modelId: h.modelId,
      modelSlug: h.model.slug,
      direction: h.direction,
      fromUserId: h.fromUserId,
      toUserId: h.toUserId,
      reason: input.reason,
    });
    return toHandoffDto(await tx.handoff.findUniqueOrThrow({ where: { id: handoffId }, select: HANDOFF_DTO_SELECT }));
  });
}
