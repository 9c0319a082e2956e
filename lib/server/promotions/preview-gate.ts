import "server-only";
import { evaluateGate, type TGateResult } from "@/lib/domain/gates/evaluate-gate";
import { nextStage, type TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { requirePermission } from "../auth/get-actor";
import { findVersionRef } from "../versions/find-version";
import { findCurrentPolicy, findRequestPolicy } from "./gate-policy";
import { loadGateInput } from "./load-gate-input";
import { runTransaction } from "@/lib/db/run-transaction";

export type TGatePreview = {
  toStage: TStage;
  policy: { id: string; version: number; isCurrent: boolean } | null;
  requestId: string | null;
  gate: TGateResult;
};

/**
 * What the gate to the next stage requires and what is still missing — for the pending request (judged
 * under the policy it was opened with) or, with none pending, as if the viewer asked now.
 */
export async function previewGate({ actor, versionId }: { actor: TActor; versionId: string }): Promise<TGatePreview | null> {
  requirePermission(actor, "models:read");
  return runTransaction(async (tx) => {
    const ref = await findVersionRef(tx, versionId);
    const pending = await tx.transitionRequest.findFirst({ where: { versionId, status: "PENDING" }, select: { id: true, toStage: true, requesterId: true, gatePolicyId: true } });
    if (pending) {
      const requirements = await findRequestPolicy(tx, pending.gatePolicyId);
      const gate = evaluateGate(await loadGateInput(tx, { versionId, requesterId: pending.requesterId, requestId: pending.id, requirements }));
      const policy = pending.gatePolicyId ? await tx.gatePolicy.findUnique({ where: { id: pending.gatePolicyId }, select: { id: true, version: true, isCurrent: true } }) : null;
      return { toStage: pending.toStage as TStage, policy, requestId: pending.id, gate };
    }
    const to = nextStage(ref.stage as TStage);
    if (!to) return null;
    if (ref.stage === "ARCHIVED") throw new AppError("CONFLICT", "Archived versions have no next stage.");
    const current = await findCurrentPolicy(tx, to, ref.model.criticality);
    const gate = evaluateGate(await loadGateInput(tx, { versionId, requesterId: actor.userId, requestId: null, requirements: current.requirements }));
    const policy = current.id ? await tx.gatePolicy.findUnique({ where: { id: current.id }, select: { id: true, version: true, isCurrent: true } }) : null;
    return { toStage: to, policy, requestId: null, gate };
  });
}
