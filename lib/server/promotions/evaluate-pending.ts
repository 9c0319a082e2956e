import "server-only";
import type { Tx } from "@/lib/db/client";
import { evaluateGate, type TGateResult } from "@/lib/domain/gates/evaluate-gate";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import type { AuditActor } from "../audit/append-audit-event";
import { lockModel } from "../models/lock-model";
import { applyPromotion, collectWrites, flushWrites, type TPendingWrites } from "./apply-promotion";
import { gateInputOf, loadPromotionFacts, type TPromotionFacts, type TRequestRow } from "./load-promotion-facts";

/**
 * Re-judges the request held in `facts` (after a vote, a check report, a deployment…) under the policy it was
 * opened with, stores the snapshot and, when the gate is open, applies the move — the snapshot and the APPLIED
 * status in one UPDATE. The caller holds the model row lock and flushes `writes`. Returns the request as it now
 * stands, for the answer.
 */
export async function judgeRequest(
  tx: Tx,
  actor: AuditActor,
  facts: TPromotionFacts,
  o: { request: TRequestRow; writes: TPendingWrites; now?: Date },
): Promise<{ gate: TGateResult; applied: boolean; request: TRequestRow }> {
  const now = o.now ?? new Date();
  const r = o.request;
  const requirements = r.gatePolicyId && facts.policy ? facts.policy.requirements : EMPTY_GATE_REQUIREMENTS;
  const gate = evaluateGate(gateInputOf(facts, { requirements, requesterId: r.requester.id, approvals: r.approvals }));
  const apply = r.status === "PENDING" && gate.open;
  await tx.transitionRequest.update({
    where: { id: r.id },
    data: { gateSnapshot: gate, ...(apply ? { status: "APPLIED", appliedAt: now, decidedAt: now } : {}) },
    select: { id: true },
  });
  if (!apply) return { gate, applied: false, request: { ...r, gateSnapshot: gate } };
  await applyPromotion(tx, {
    actor,
    requestId: r.id,
    versionId: facts.version.id,
    modelId: facts.version.modelId,
    number: facts.version.number,
    from: r.fromStage,
    to: r.toStage,
    reason: "Gate open: every requirement met",
    liveVersions: facts.liveVersions,
    requestApplied: true,
    writes: o.writes,
    now,
  });
  return {
    gate,
    applied: true,
    request: { ...r, gateSnapshot: gate, status: "APPLIED", appliedAt: now, decidedAt: now },
  };
}

/** Re-judges one request by id (new evidence may open its gate). The caller holds the model row lock. */
export async function evaluateAndMaybeApply(
  tx: Tx,
  actor: AuditActor,
  requestId: string,
): Promise<{ gate: TGateResult; applied: boolean }> {
  const facts = await loadPromotionFacts(tx, { request: { id: requestId } });
  if (!facts?.request) throw new Error(`No promotion request ${requestId}`);
  const writes = collectWrites();
  const out = await judgeRequest(tx, actor, facts, { request: facts.request, writes });
  await flushWrites(tx, writes);
  return { gate: out.gate, applied: out.applied };
}

/**
 * Re-judges the version's pending request, if any (new evidence may open its gate). Takes the model row lock
 * (a no-op when the caller already holds it, as it should: lock order, docs/ARCHITECTURE.md).
 */
export async function reevaluateVersion(tx: Tx, actor: AuditActor, versionId: string): Promise<void> {
  await lockModel(tx, { versionId });
  const facts = await loadPromotionFacts(tx, { versionId, request: "pending" });
  if (!facts?.request) return;
  const writes = collectWrites();
  await judgeRequest(tx, actor, facts, { request: facts.request, writes });
  await flushWrites(tx, writes);
}
