import "server-only";
import { newId } from "@/lib/db/new-id";
import { runTransaction } from "@/lib/db/run-transaction";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { afterRequest } from "@/lib/domain/promotions/promotion-rules";
import type { TActor, TRole } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZDecidePromotionRequest,
  type TDecidePromotionRequest,
  type TPromotionRequest,
} from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { lockModel } from "../models/lock-model";
import { collectWrites, flushWrites } from "./apply-promotion";
import { judgeRequest } from "./evaluate-pending";
import { loadPromotionFacts, type TRequestRow } from "./load-promotion-facts";
import { toPromotionDtoFromFacts } from "./promotion-dto";
import { promotionDecidedText } from "@/lib/domain/notifications/notification-text";
import { notifyUsers } from "../notifications/notify";

/**
 * A reviewer approves or rejects a pending request. The model row is locked first (lock order), so concurrent
 * votes — and deployments, handoffs, rollbacks on the same model — serialise: each person's vote is stored once
 * (unique per request and approver), and the move is applied exactly once, by whichever vote opens the gate.
 * A rejection needs a comment and returns the request; the version stays where it was.
 * Statements: lock, one read of every fact, the vote, the request update, the move when it applies, and the
 * audit and outbox rows in one statement each (statement budget: 15 per request, issue 13).
 */
export async function decidePromotion({
  actor,
  requestId,
  input: raw,
}: {
  actor: TActor;
  requestId: string;
  input: TDecidePromotionRequest;
}): Promise<TPromotionRequest> {
  requirePermission(actor, "approvals:decide");
  const input = ZDecidePromotionRequest.parse(raw);
  return runTransaction(async (tx) => {
    if (!(await lockModel(tx, { requestId }))) throw new AppError("NOT_FOUND", "No such promotion request.");
    const facts = await loadPromotionFacts(tx, { request: { id: requestId } });
    const r = facts?.request;
    if (!facts || !r) throw new AppError("NOT_FOUND", "No such promotion request.");
    if (r.status !== "PENDING")
      throw new AppError("CONFLICT", `The request is already ${r.status.toLowerCase()}; nothing to decide.`);
    const policy = r.gatePolicyId && facts.policy ? facts.policy.requirements : EMPTY_GATE_REQUIREMENTS;
    if (policy.separationOfDuties && (actor.userId === r.requester.id || actor.userId === facts.version.createdById)) {
      throw new AppError(
        "FORBIDDEN",
        "Separation of duties: you created this version or requested its promotion, so you cannot decide on it.",
      );
    }
    const wanted = policy.approvals.map((a) => a.role);
    const role = pickRole(actor.roles, wanted);
    if (!role) {
      throw new AppError(
        wanted.length ? "FORBIDDEN" : "CONFLICT",
        wanted.length
          ? `This gate needs approval by ${wanted.join(" and ")}; your roles do not include them.`
          : "This gate needs no approvals: it opens by itself when its automated checks pass.",
      );
    }
    if (r.approvals.some((a) => a.approverId === actor.userId))
      throw new AppError("CONFLICT", "You have already decided on this request; one person counts once.");

    const now = new Date();
    const vote = {
      id: newId(),
      requestId,
      approverId: actor.userId,
      role,
      decision: input.decision,
      comment: input.comment,
      createdAt: now,
      artifactDigest: facts.version.artifactDigest,
    };
    await tx.approval.create({ data: vote, select: { id: true } });
    const writes = collectWrites();
    writes.audit.push({
      actor,
      action: input.decision === "APPROVE" ? "approval.approved" : "approval.rejected",
      entityType: "transition_request",
      entityId: requestId,
      modelId: facts.version.modelId,
      after: { decision: input.decision, role, comment: input.comment, artifactDigest: facts.version.artifactDigest },
    });
    let request: TRequestRow = {
      ...r,
      approvals: [
        ...r.approvals,
        {
          id: vote.id,
          approverId: vote.approverId,
          role,
          decision: vote.decision,
          comment: vote.comment,
          artifactDigest: vote.artifactDigest,
          createdAt: now,
          approver: { id: actor.userId, name: actor.name, active: true, roles: [...actor.roles] },
        },
      ],
    };

    let outcome: "APPLIED" | "REJECTED" | "PENDING" = "PENDING";
    if (input.decision === "REJECT") {
      const after = afterRequest("REJECTED", r.fromStage, r.toStage);
      await tx.transitionRequest.update({
        where: { id: requestId },
        data: { status: "REJECTED", resolution: input.comment, decidedAt: now },
        select: { id: true },
      });
      await tx.modelVersion.update({
        where: { id: facts.version.id },
        data: { status: after.status },
        select: { id: true },
      });
      request = { ...request, status: "REJECTED", resolution: input.comment, decidedAt: now };
      outcome = "REJECTED";
    } else {
      const judged = await judgeRequest(tx, actor, facts, { request, writes, now });
      request = judged.request;
      if (judged.applied) outcome = "APPLIED";
    }
    writes.outbox.push({
      type: "approval.decided",
      payload: {
        requestId,
        modelId: facts.version.modelId,
        modelSlug: facts.model.slug,
        version: facts.version.number,
        decision: input.decision,
        role,
        approverId: actor.userId,
        comment: input.comment,
        outcome,
      },
    });
    await flushWrites(tx, writes);
    // The requester learns who decided, and how it ended, in the decision's transaction (issue 17).
    await notifyUsers(
      tx,
      [r.requester.id],
      promotionDecidedText({
        modelSlug: facts.model.slug,
        version: facts.version.number,
        toStage: r.toStage,
        decision: input.decision,
        approverName: actor.name,
        outcome,
        comment: input.comment,
      }),
      { modelId: facts.version.modelId, actorId: actor.userId, actorLabel: actor.name },
    );
    return toPromotionDtoFromFacts(facts, request);
  });
}

/**
 * The role a vote is recorded under: the first required role the person holds. Administrators get no
 * bypass — a sign-off means the signer holds the role the policy asks for. Slot matching happens in the gate.
 */
function pickRole(mine: readonly TRole[], wanted: TRole[]): TRole | null {
  return wanted.find((w) => mine.includes(w)) ?? null;
}
