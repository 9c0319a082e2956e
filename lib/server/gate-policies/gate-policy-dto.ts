import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { ZGateRequirements, type TGatePolicy } from "@/lib/schemas/gate-policies";

export const GATE_POLICY_SELECT = {
  id: true,
  targetStage: true,
  criticality: true,
  version: true,
  isCurrent: true,
  requirements: true,
  note: true,
  createdById: true,
  createdAt: true,
} as const;

type Row = {
  id: string;
  targetStage: string;
  criticality: TGatePolicy["criticality"];
  version: number;
  isCurrent: boolean;
  requirements: unknown;
  note: string;
  createdById: string | null;
  createdAt: Date;
};

/**
 * Stored requirements are completed from the empty policy exactly as the gate engine reads them
 * (loadPromotionFacts), so the list shows what the gate enforces. Beyond that they must match the schema: a row
 * that does not is corrupt data, and fails loudly with its id rather than being shown as something else.
 */
function parseStoredRequirements(row: { id: string; requirements: unknown }) {
  const r = ZGateRequirements.safeParse({ ...EMPTY_GATE_REQUIREMENTS, ...(row.requirements as object) });
  if (!r.success)
    throw new Error(
      `gate_policies ${row.id}: stored requirements do not match the schema (${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
    );
  return r.data;
}

/** Names of the people who saved the given policy versions (createdById is a plain column, not a relation). */
export async function findCreators(
  tx: Tx | Db,
  rows: { createdById: string | null }[],
): Promise<Map<string, { id: string; name: string }>> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u]));
}

/** Pending promotion requests per policy version: the requests still judged by that version. */
export async function countPendingByPolicy(tx: Tx | Db, policyIds: string[]): Promise<Map<string, number>> {
  if (!policyIds.length) return new Map();
  const groups = await tx.transitionRequest.groupBy({
    by: ["gatePolicyId"],
    where: { status: "PENDING", gatePolicyId: { in: policyIds } },
    _count: { _all: true },
  });
  return new Map(groups.filter((g) => g.gatePolicyId).map((g) => [g.gatePolicyId!, g._count._all]));
}

export function toGatePolicyDto(
  row: Row,
  creators: Map<string, { id: string; name: string }>,
  pending: Map<string, number>,
): TGatePolicy {
  return {
    id: row.id,
    targetStage: row.targetStage as TGatePolicy["targetStage"],
    criticality: row.criticality,
    version: row.version,
    isCurrent: row.isCurrent,
    requirements: parseStoredRequirements(row),
    note: row.note,
    // A creator whose user row is gone still shows as "someone"; ids are never reused.
    createdBy: row.createdById
      ? (creators.get(row.createdById) ?? { id: row.createdById, name: "Unknown user" })
      : null,
    createdAt: row.createdAt.toISOString(),
    pendingRequests: pending.get(row.id) ?? 0,
  };
}
