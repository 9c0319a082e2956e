import "server-only";
import { getDb } from "@/lib/db/client";
import { evaluateGate, type TGateResult } from "@/lib/domain/gates/evaluate-gate";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { nextStage, type TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { requirePermission } from "../auth/get-actor";
import { gateInputOf, loadPromotionFacts } from "./load-promotion-facts";

export type TGatePreview = {
  toStage: TStage;
  policy: { id: string; version: number; isCurrent: boolean } | null;
  requestId: string | null;
  gate: TGateResult;
};

/**
 * What the gate to the next stage requires and what is still missing — for the pending request (judged
 * under the policy it was opened with) or, with none pending, as if the viewer asked now. A read: one
 * statement for the pending case, two otherwise (the target stage is known only after the first).
 */
export async function previewGate({
  actor,
  versionId,
}: {
  actor: TActor;
  versionId: string;
}): Promise<TGatePreview | null> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const pendingFacts = await loadPromotionFacts(db, { versionId, request: "pending" });
  if (!pendingFacts) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  const pending = pendingFacts.request;
  const policyOf = (p: typeof pendingFacts.policy) =>
    p ? { id: p.id, version: p.version, isCurrent: p.isCurrent } : null;
  if (pending) {
    const requirements =
      pending.gatePolicyId && pendingFacts.policy ? pendingFacts.policy.requirements : EMPTY_GATE_REQUIREMENTS;
    const gate = evaluateGate(
      gateInputOf(pendingFacts, { requirements, requesterId: pending.requester.id, approvals: pending.approvals }),
    );
    return { toStage: pending.toStage, policy: policyOf(pendingFacts.policy), requestId: pending.id, gate };
  }
  const to = nextStage(pendingFacts.version.stage);
  if (!to) return null;
  if (pendingFacts.version.stage === "ARCHIVED")
    throw new AppError("CONFLICT", "Archived versions have no next stage.");
  const facts = await loadPromotionFacts(db, {
    versionId,
    request: "pending",
    targetStage: to,
    asRequester: actor.userId,
  });
  if (!facts) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  const gate = evaluateGate(
    gateInputOf(facts, {
      requirements: facts.policy?.requirements ?? EMPTY_GATE_REQUIREMENTS,
      requesterId: actor.userId,
      approvals: [],
    }),
  );
  return { toStage: to, policy: policyOf(facts.policy), requestId: null, gate };
}
