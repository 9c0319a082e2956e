import "server-only";
import { getDb } from "@/lib/db/client";
import { CRITICALITIES, GATED_STAGES } from "@/lib/domain/gates/policy-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListGatePoliciesResponse } from "@/lib/schemas/gate-policies";
import { requirePermission } from "../auth/get-actor";
import { countPendingByPolicy, findCreators, GATE_POLICY_SELECT, toGatePolicyDto } from "./gate-policy-dto";

/**
 * Every (target stage, criticality) pair with its current policy and its older versions, newest first.
 * Readable by anyone who reads models: people should see what a gate will ask of them before they ask.
 */
export async function listGatePolicies({ actor }: { actor: TActor }): Promise<TListGatePoliciesResponse> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const rows = await db.gatePolicy.findMany({
    where: { targetStage: { in: [...GATED_STAGES] } },
    select: GATE_POLICY_SELECT,
    orderBy: { version: "desc" },
  });
  const [creators, pending] = await Promise.all([
    findCreators(db, rows),
    countPendingByPolicy(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const items = GATED_STAGES.flatMap((targetStage) =>
    CRITICALITIES.map((criticality) => {
      const versions = rows
        .filter((r) => r.targetStage === targetStage && r.criticality === criticality)
        .map((r) => toGatePolicyDto(r, creators, pending));
      return {
        targetStage,
        criticality,
        current: versions.find((v) => v.isCurrent) ?? null,
        history: versions.filter((v) => !v.isCurrent),
      };
    }),
  );
  return { items };
}
