import "server-only";
import { checkTransition } from "@/lib/domain/lifecycle/transitions";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZCreateTransitionRequest, type TCreateTransitionRequest, type TTransitionRequest } from "@/lib/schemas/promotions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { findVersionRef } from "../versions/find-version";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { applyTransition } from "./apply-transition";
import { evaluateAndMaybeApply } from "./evaluate-pending";
import { findCurrentPolicy } from "./gate-policy";
import { TRANSITION_DTO_SELECT, toTransitionDto } from "./transition-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Asks to move a version. Archiving applies at once. A promotion opens a PENDING request under the
 * current policy for (target stage, criticality), is judged immediately, and is applied in the same
 * transaction when its gate is already open (e.g. an automated UAT gate whose checks have passed).
 */
export async function requestPromotion({ actor, versionId, input: raw }: { actor: TActor; versionId: string; input: TCreateTransitionRequest }): Promise<TTransitionRequest> {
  requirePermission(actor, "promotions:request");
  const input = ZCreateTransitionRequest.parse(raw);
  return runTransaction(async (tx) => {
    const ref = await findVersionRef(tx, versionId);
    requireModelWrite(actor, ref.model);
    await tx.$queryRaw`SELECT id FROM model_versions WHERE id = ${versionId} FOR UPDATE`;
    const { stage: from } = await tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: { stage: true } });
    if (ref.model.archivedAt) throw new AppError("CONFLICT", "The model is archived.");
    const check = checkTransition(actor, from as TStage, input.toStage);
    if (!check.ok) {
      throw check.code === "NOT_ALLOWED"
        ? new AppError("FORBIDDEN", check.message, { errors: [{ path: "toStage", message: check.message }] })
        : new AppError("VALIDATION_FAILED", check.message, { errors: [{ path: "toStage", message: check.message }] });
    }
    const pending = await tx.transitionRequest.findFirst({ where: { versionId, status: "PENDING" }, select: { id: true, toStage: true } });

    if (check.kind === "archive") {
      if (await tx.deployment.count({ where: { versionId, status: "ACTIVE", environment: { isProduction: true } } })) {
        throw new AppError("CONFLICT", "This version is live in production. Roll back or deploy another version before archiving it.", { errors: [{ path: "toStage", message: "Version is live." }] });
      }
      if (pending) await tx.transitionRequest.update({ where: { id: pending.id }, data: { status: "CANCELLED", resolution: "Version archived", decidedAt: new Date() } });
      const req = await tx.transitionRequest.create({ data: { versionId, fromStage: from, toStage: "ARCHIVED", requesterId: actor.userId, justification: input.justification }, select: { id: true } });
      await applyTransition(tx, { actor, requestId: req.id, versionId, modelId: ref.modelId, number: ref.number, from: from as TStage, to: "ARCHIVED", reason: input.justification || "Archived" });
      return toTransitionDto(await tx.transitionRequest.findUniqueOrThrow({ where: { id: req.id }, select: TRANSITION_DTO_SELECT }));
    }

    if (pending) {
      throw new AppError("CONFLICT", `A request to move this version to ${pending.toStage} is already pending; cancel it first.`, { errors: [{ path: "toStage", message: "A request is already pending." }], extra: { pendingRequestId: pending.id } });
    }
    const policy = await findCurrentPolicy(tx, input.toStage, ref.model.criticality);
    const req = await tx.transitionRequest.create({
      data: { versionId, fromStage: from, toStage: input.toStage, requesterId: actor.userId, justification: input.justification, gatePolicyId: policy.id },
      select: { id: true },
    });
    await tx.modelVersion.update({ where: { id: versionId }, data: { status: "IN_REVIEW" } });
    await appendAuditEvent(tx, { actor, action: "promotion.requested", entityType: "transition_request", entityId: req.id, modelId: ref.modelId, after: { versionId, from, to: input.toStage, justification: input.justification, policyId: policy.id } });
    const { gate, applied } = await evaluateAndMaybeApply(tx, actor, req.id);
    if (!applied && policy.requirements.approvals.length > 0) {
      await enqueueEvent(tx, "approval.requested", { requestId: req.id, modelId: ref.modelId, modelSlug: ref.model.slug, version: ref.number, from, to: input.toStage, waitingOn: policy.requirements.approvals, missing: gate.requirements.filter((x) => !x.met).map((x) => x.label) });
    }
    return toTransitionDto(await tx.transitionRequest.findUniqueOrThrow({ where: { id: req.id }, select: TRANSITION_DTO_SELECT }));
  });
}
