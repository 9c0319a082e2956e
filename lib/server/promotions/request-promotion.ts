import "server-only";
import { newId } from "@/lib/db/new-id";
import { runTransaction } from "@/lib/db/run-transaction";
import { evaluateGate } from "@/lib/domain/gates/evaluate-gate";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { checkPromotionRequest } from "@/lib/domain/promotions/promotion-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZCreatePromotionRequest,
  type TCreatePromotionRequest,
  type TPromotionRequest,
} from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { lockModel } from "../models/lock-model";
import { requireModelWrite } from "../models/find-model";
import { applyPromotion, collectWrites, flushWrites } from "./apply-promotion";
import { gateInputOf, loadPromotionFacts, type TRequestRow } from "./load-promotion-facts";
import { toPromotionDtoFromFacts } from "./promotion-dto";

/**
 * Asks to move a version. Archiving applies at once. A promotion opens a PENDING request under the
 * current policy for (target stage, criticality), is judged immediately, and is applied in the same
 * transaction when its gate is already open (e.g. an automated UAT gate whose checks have passed).
 * The model row is locked first (lock order); one statement then reads every fact (issue 13's budgets).
 */
export async function requestPromotion({
  actor,
  versionId,
  input: raw,
}: {
  actor: TActor;
  versionId: string;
  input: TCreatePromotionRequest;
}): Promise<TPromotionRequest> {
  requirePermission(actor, "promotions:request");
  const input = ZCreatePromotionRequest.parse(raw);
  return runTransaction(async (tx) => {
    if (!(await lockModel(tx, { versionId }))) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
    const facts = await loadPromotionFacts(tx, {
      versionId,
      request: "pending",
      targetStage: input.toStage,
      asRequester: actor.userId,
    });
    if (!facts) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
    requireModelWrite(actor, facts.model);
    const from = facts.version.stage;
    if (facts.model.archivedAt) throw new AppError("CONFLICT", "The model is archived.");
    const check = checkPromotionRequest(actor, from, input.toStage);
    if (!check.ok) {
      throw check.code === "NOT_ALLOWED"
        ? new AppError("FORBIDDEN", check.message, { errors: [{ path: "toStage", message: check.message }] })
        : new AppError("VALIDATION_FAILED", check.message, { errors: [{ path: "toStage", message: check.message }] });
    }
    const pending = facts.request;
    const now = new Date();
    const writes = collectWrites();
    const base = {
      versionId,
      fromStage: from,
      toStage: input.toStage,
      requester: { id: actor.userId, name: actor.name },
      justification: input.justification,
      resolution: "",
      createdAt: now,
      approvals: [],
    };

    if (check.kind === "archive") {
      if (facts.hasActiveProductionDeployment) {
        throw new AppError(
          "CONFLICT",
          "This version is live in production. Roll back or deploy another version before archiving it.",
          { errors: [{ path: "toStage", message: "Version is live." }] },
        );
      }
      if (pending)
        await tx.transitionRequest.update({
          where: { id: pending.id },
          data: { status: "CANCELLED", resolution: "Version archived", decidedAt: now },
          select: { id: true },
        });
      const id = newId();
      await tx.transitionRequest.create({
        data: {
          id,
          versionId,
          fromStage: from,
          toStage: "ARCHIVED",
          requesterId: actor.userId,
          justification: input.justification,
          status: "APPLIED",
          appliedAt: now,
          decidedAt: now,
          createdAt: now,
        },
        select: { id: true },
      });
      await applyPromotion(tx, {
        actor,
        requestId: id,
        versionId,
        modelId: facts.version.modelId,
        number: facts.version.number,
        from,
        to: "ARCHIVED",
        reason: input.justification || "Archived",
        requestApplied: true,
        liveVersions: [],
        writes,
        now,
      });
      await flushWrites(tx, writes);
      const request: TRequestRow = {
        ...base,
        id,
        toStage: "ARCHIVED",
        status: "APPLIED",
        gatePolicyId: null,
        gateSnapshot: {},
        decidedAt: now,
        appliedAt: now,
      };
      return toPromotionDtoFromFacts({ ...facts, policy: null }, request);
    }

    if (pending) {
      throw new AppError(
        "CONFLICT",
        `A request to move this version to ${pending.toStage} is already pending; cancel it first.`,
        {
          errors: [{ path: "toStage", message: "A request is already pending." }],
          extra: { pendingRequestId: pending.id },
        },
      );
    }
    const requirements = facts.policy?.requirements ?? EMPTY_GATE_REQUIREMENTS;
    const gate = evaluateGate(gateInputOf(facts, { requirements, requesterId: actor.userId, approvals: [] }));
    const id = newId();
    const applied = gate.open;
    await tx.transitionRequest.create({
      data: {
        id,
        versionId,
        fromStage: from,
        toStage: input.toStage,
        requesterId: actor.userId,
        justification: input.justification,
        gatePolicyId: facts.policy?.id ?? null,
        gateSnapshot: gate,
        createdAt: now,
        ...(applied ? { status: "APPLIED", appliedAt: now, decidedAt: now } : {}),
      },
      select: { id: true },
    });
    writes.audit.push({
      actor,
      action: "promotion.requested",
      entityType: "transition_request",
      entityId: id,
      modelId: facts.version.modelId,
      after: {
        versionId,
        from,
        to: input.toStage,
        justification: input.justification,
        policyId: facts.policy?.id ?? null,
      },
    });
    if (applied) {
      await applyPromotion(tx, {
        actor,
        requestId: id,
        versionId,
        modelId: facts.version.modelId,
        number: facts.version.number,
        from,
        to: input.toStage,
        reason: "Gate open: every requirement met",
        liveVersions: facts.liveVersions,
        requestApplied: true,
        writes,
        now,
      });
    } else {
      await tx.modelVersion.update({ where: { id: versionId }, data: { status: "IN_REVIEW" }, select: { id: true } });
      if (requirements.approvals.length > 0) {
        writes.outbox.push({
          type: "approval.requested",
          payload: {
            requestId: id,
            modelId: facts.version.modelId,
            modelSlug: facts.model.slug,
            version: facts.version.number,
            from,
            to: input.toStage,
            waitingOn: requirements.approvals,
            missing: gate.requirements.filter((x) => !x.met).map((x) => x.label),
          },
        });
      }
    }
    await flushWrites(tx, writes);
    const request: TRequestRow = {
      ...base,
      id,
      status: applied ? "APPLIED" : "PENDING",
      gatePolicyId: facts.policy?.id ?? null,
      gateSnapshot: gate,
      decidedAt: applied ? now : null,
      appliedAt: applied ? now : null,
    };
    return toPromotionDtoFromFacts(facts, request);
  });
}
