import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TCriticality, TGateRequirements } from "@/lib/domain/gates/policy";
import type { TStage } from "@/lib/domain/lifecycle/stages";

const NO_REQUIREMENTS: TGateRequirements = {
  approvals: [],
  separationOfDuties: true,
  ownerMustRequest: false,
  requiredMetadata: [],
  metricThresholds: [],
  requiredChecks: [],
  requireReferenceDataset: false,
  champion: null,
  requireActiveDeployment: false,
  requireAlertRules: false,
  requireHandoffAccepted: false,
};

/** The current policy for a move; a stage without a policy has an open gate (nothing required). */
export async function findCurrentPolicy(tx: Tx, stage: TStage, criticality: TCriticality): Promise<{ id: string | null; requirements: TGateRequirements }> {
  const p = await tx.gatePolicy.findFirst({ where: { targetStage: stage, criticality, isCurrent: true }, select: { id: true, requirements: true } });
  return p ? { id: p.id, requirements: { ...NO_REQUIREMENTS, ...(p.requirements as Partial<TGateRequirements>) } } : { id: null, requirements: NO_REQUIREMENTS };
}

/** The policy version a request was opened under — not a later edit (issue: policies edited while pending). */
export async function findRequestPolicy(tx: Tx, gatePolicyId: string | null): Promise<TGateRequirements> {
  if (!gatePolicyId) return NO_REQUIREMENTS;
  const p = await tx.gatePolicy.findUniqueOrThrow({ where: { id: gatePolicyId }, select: { requirements: true } });
  return { ...NO_REQUIREMENTS, ...(p.requirements as Partial<TGateRequirements>) };
}
