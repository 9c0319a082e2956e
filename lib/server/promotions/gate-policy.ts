import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { EMPTY_GATE_REQUIREMENTS, type TCriticality, type TGateRequirements } from "@/lib/domain/gates/policy";
import type { TStage } from "@/lib/domain/lifecycle/stages";

/** The current policy for a move; a stage without a policy has an open gate (nothing required). */
export async function findCurrentPolicy(
  tx: Db | Tx,
  stage: TStage,
  criticality: TCriticality,
): Promise<{ id: string | null; requirements: TGateRequirements }> {
  const p = await tx.gatePolicy.findFirst({
    where: { targetStage: stage, criticality, isCurrent: true },
    select: { id: true, requirements: true },
  });
  return p
    ? { id: p.id, requirements: { ...EMPTY_GATE_REQUIREMENTS, ...(p.requirements as Partial<TGateRequirements>) } }
    : { id: null, requirements: EMPTY_GATE_REQUIREMENTS };
}
