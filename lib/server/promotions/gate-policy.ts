import "server-only";
import type { Tx } from "@/lib/db/client";
import { EMPTY_GATE_REQUIREMENTS, type TCriticality, type TGateRequirements } from "@/lib/domain/gates/policy";
import type { TStage } from "@/lib/domain/lifecycle/stages";


/** The current policy for a move; a stage without a policy has an open gate (nothing required). */
export async function findCurrentPolicy(tx: Tx, stage: TStage, criticality: TCriticality): Promise<{ id: string | null; requirements: TGateRequirements }> {
  const p = await tx.gatePolicy.findFirst({ where: { targetStage: stage, criticality, isCurrent: true }, select: { id: true, requirements: true } });
  return p ? { id: p.id, requirements: { ...EMPTY_GATE_REQUIREMENTS, ...(p.requirements as Partial<TGateRequirements>) } } : { id: null, requirements: EMPTY_GATE_REQUIREMENTS };
}

/** The policy version a request was opened under — not a later edit (issue: policies edited while pending). */
export async function findRequestPolicy(tx: Tx, gatePolicyId: string | null): Promise<TGateRequirements> {
  if (!gatePolicyId) return EMPTY_GATE_REQUIREMENTS;
  const p = await tx.gatePolicy.findUniqueOrThrow({ where: { id: gatePolicyId }, select: { requirements: true } });
  return { ...EMPTY_GATE_REQUIREMENTS, ...(p.requirements as Partial<TGateRequirements>) };
}
