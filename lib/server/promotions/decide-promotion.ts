import "server-only";
import { getDb } from "@/lib/db/client";
import { afterRequest } from "@/lib/domain/lifecycle/transitions";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor, TRole } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZDecideTransitionRequest, type TDecideTransitionRequest, type TTransitionRequest } from "@/lib/schemas/promotions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { evaluateAndMaybeApply } from "./evaluate-pending";
import { findRequestPolicy } from "./gate-policy";
import { TRANSITION_DTO_SELECT, toTransitionDto } from "./transition-dto";

/**
 * A reviewer approves or rejects a pending request. The request row is locked first, so concurrent
 * votes serialise: each person's vote is stored once (unique per request and approver), and the move is
 * applied exactly once, by whichever vote opens the gate. A rejection needs a comment and returns the
 * request; the version stays where it was.
 */
export async function decidePromotion({ actor, requestId, input: raw }: { actor: TActor; requestId: string; input: TDecideTransitionRequest }): Promise<TTransitionRequest> {
  requirePermission(actor, "approvals:decide");
  const input = ZDecideTransitionRequest.parse(raw);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM transition_requests WHERE id = ${requestId} FOR UPDATE`;
    if (!locked.length) throw new AppError("NOT_FOUND", "No such promotion request.");
    const r = await tx.transitionRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: { status: true, requesterId: true, versionId: true, fromStage: true, toStage: true, gatePolicyId: true, version: { select: { modelId: true, number: true, createdById: true, artifactDigest: true, model: { select: { slug: true } } } } },
    });
    if (r.status !== "PENDING") throw new AppError("CONFLICT", `The request is already ${r.status.toLowerCase()}; nothing to decide.`);
    const policy = await findRequestPolicy(tx, r.gatePolicyId);
    if (policy.separationOfDuties && (actor.userId === r.requesterId || actor.userId === r.version.createdById)) {
      throw new AppError("FORBIDDEN", "Separation of duties: you created this version or requested its promotion, so you cannot decide on it.");
    }
    const wanted = policy.approvals.map((a) => a.role);
    const role = pickRole(actor.roles, wanted);
    if (!role) {
      throw new AppError(
        wanted.length ? "FORBIDDEN" : "CONFLICT",
        wanted.length ? `This gate needs approval by ${wanted.join(" and ")}; your roles do not include them.` : "This gate needs no approvals: it opens by itself when its automated checks pass.",
      );
    }
    if (await tx.approval.findUnique({ where: { requestId_approverId: { requestId, approverId: actor.userId } }, select: { id: true } })) {
      throw new AppError("CONFLICT", "You have already decided on this request; one person counts once.");
    }
    await tx.approval.create({ data: { requestId, approverId: actor.userId, role, decision: input.decision, comment: input.comment, artifactDigest: r.version.artifactDigest } });
    await appendAuditEvent(tx, { actor, action: input.decision === "APPROVE" ? "approval.approved" : "approval.rejected", entityType: "transition_request", entityId: requestId, modelId: r.version.modelId, after: { decision: input.decision, role, comment: input.comment, artifactDigest: r.version.artifactDigest } });

    let outcome: "APPLIED" | "REJECTED" | "PENDING" = "PENDING";
    if (input.decision === "REJECT") {
      const after = afterRequest("REJECTED", r.fromStage as TStage, r.toStage as TStage);
      await tx.transitionRequest.update({ where: { id: requestId }, data: { status: "REJECTED", resolution: input.comment, decidedAt: new Date() } });
      await tx.modelVersion.update({ where: { id: r.versionId }, data: { status: after.status } });
      outcome = "REJECTED";
    } else {
      const { applied } = await evaluateAndMaybeApply(tx, actor, requestId);
      if (applied) outcome = "APPLIED";
    }
    await enqueueEvent(tx, "approval.decided", { requestId, modelId: r.version.modelId, modelSlug: r.version.model.slug, version: r.version.number, decision: input.decision, role, approverId: actor.userId, comment: input.comment, outcome });
    return toTransitionDto(await tx.transitionRequest.findUniqueOrThrow({ where: { id: requestId }, select: TRANSITION_DTO_SELECT }));
  });
}

/**
 * The role a vote is recorded under: the first required role the person holds. Administrators get no
 * bypass — a sign-off means the signer holds the role the policy asks for. Slot matching happens in the gate.
 */
function pickRole(mine: readonly TRole[], wanted: TRole[]): TRole | null {
  return wanted.find((w) => mine.includes(w)) ?? null;
}
