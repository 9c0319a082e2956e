import "server-only";
import type { Tx } from "@/lib/db/client";
import { evaluateGate, type TGateResult } from "@/lib/domain/gates/evaluate-gate";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { AuditActor } from "../audit/append-audit-event";
import { applyTransition } from "./apply-transition";
import { findRequestPolicy } from "./gate-policy";
import { loadGateInput } from "./load-gate-input";

/**
 * Re-judges a pending request (after a vote, a check report, a deployment…), stores the snapshot, and
 * applies the move when the gate is open. The caller holds the request row lock.
 */
export async function evaluateAndMaybeApply(tx: Tx, actor: AuditActor, requestId: string): Promise<{ gate: TGateResult; applied: boolean }> {
  const r = await tx.transitionRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { id: true, status: true, versionId: true, requesterId: true, gatePolicyId: true, fromStage: true, toStage: true, version: { select: { number: true, modelId: true } } },
  });
  const requirements = await findRequestPolicy(tx, r.gatePolicyId);
  const gate = evaluateGate(await loadGateInput(tx, { versionId: r.versionId, requesterId: r.requesterId, requestId: r.id, requirements }));
  await tx.transitionRequest.update({ where: { id: r.id }, data: { gateSnapshot: gate } });
  if (r.status !== "PENDING" || !gate.open) return { gate, applied: false };
  await applyTransition(tx, {
    actor,
    requestId: r.id,
    versionId: r.versionId,
    modelId: r.version.modelId,
    number: r.version.number,
    from: r.fromStage as TStage,
    to: r.toStage as TStage,
    reason: "Gate open: every requirement met",
  });
  return { gate, applied: true };
}

/** Re-judges the version's pending request, if any (new evidence may open its gate). */
export async function reevaluateVersion(tx: Tx, actor: AuditActor, versionId: string): Promise<void> {
  const pending = await tx.transitionRequest.findFirst({ where: { versionId, status: "PENDING" }, select: { id: true } });
  if (!pending) return;
  await tx.$queryRaw`SELECT id FROM transition_requests WHERE id = ${pending.id} FOR UPDATE`;
  await evaluateAndMaybeApply(tx, actor, pending.id);
}
