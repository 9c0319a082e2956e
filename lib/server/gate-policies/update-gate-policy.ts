import "server-only";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { checkPolicyForStage, CRITICALITIES, GATED_STAGES, type TGatedStage } from "@/lib/domain/gates/policy-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZGatePolicyParams,
  ZGateRequirements,
  ZUpdateGatePolicyRequest,
  type TGatePolicy,
  type TUpdateGatePolicyRequest,
} from "@/lib/schemas/gate-policies";
import { appendAuditEvent, canonicalJson } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { parseWith } from "../http/define-route";
import { GATE_POLICY_SELECT, toGatePolicyDto } from "./gate-policy-dto";
import { runTransaction } from "@/lib/db/run-transaction";

// Namespace of the per-(stage, criticality) advisory locks (two-key form; the second key is the pair's index).
const GATE_POLICY_LOCK_NS = 51_300_000;

/**
 * Saves a new version of the policy for one (target stage, criticality) pair and makes it current.
 *
 * Guarantees: versions of a pair are numbered 1, 2, … without gaps or duplicates and exactly one is current,
 * even when two administrators save at the same moment (the second save waits, then becomes version n+2 —
 * both are kept, nothing is lost). Older versions stay, untouched, for the requests opened under them.
 * Writes and the "gate_policy.updated" audit event (before/after requirements and the note) commit together.
 *
 * Throws FORBIDDEN without policies:manage; VALIDATION_FAILED for a stage without a gate or a requirement
 * the stage cannot have; CONFLICT when the requirements equal the current version's.
 */
export async function updateGatePolicy({
  actor,
  stage,
  criticality,
  input: raw,
}: {
  actor: TActor;
  stage: string;
  criticality: string;
  input: TUpdateGatePolicyRequest;
}): Promise<TGatePolicy> {
  requirePermission(actor, "policies:manage");
  const pair = parseWith(ZGatePolicyParams, { stage, criticality }, "params");
  const input = parseWith(ZUpdateGatePolicyRequest, raw, "body");
  const issues = checkPolicyForStage(pair.stage, input.requirements);
  if (issues.length) {
    throw new AppError("VALIDATION_FAILED", "The policy asks for something this gate cannot require.", {
      errors: issues.map((i) => ({ path: `requirements.${i.path}`, message: i.message })),
    });
  }
  return runTransaction(async (tx) => {
    // The row lock alone cannot serialise two saves: the waiting one would wake to find its row no longer
    // current (and a pair without any policy has no row to lock). The pair lock covers both cases; the row
    // lock then pins the version being replaced against any writer that bypasses this use case.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GATE_POLICY_LOCK_NS}::int4, ${pairKey(pair.stage, pair.criticality)}::int4)`;
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM gate_policies
      WHERE "targetStage" = ${pair.stage}::"Stage" AND criticality = ${pair.criticality}::"Criticality" AND "isCurrent"
      FOR UPDATE`;
    const previous = locked[0]
      ? await tx.gatePolicy.findUniqueOrThrow({ where: { id: locked[0].id }, select: GATE_POLICY_SELECT })
      : null;
    // Lenient here, unlike the list: saving a new version is how a damaged current row gets repaired.
    const stored = previous ? { ...EMPTY_GATE_REQUIREMENTS, ...(previous.requirements as object) } : null;
    const before = stored ? (ZGateRequirements.safeParse(stored).data ?? stored) : null;
    if (previous && canonicalJson(before) === canonicalJson(input.requirements)) {
      throw new AppError("CONFLICT", `These requirements are already version ${previous.version}: nothing to save.`, {
        errors: [
          {
            path: "requirements",
            message: `Identical to the current version ${previous.version}. Change something, or cancel.`,
          },
        ],
      });
    }
    const max = await tx.gatePolicy.aggregate({
      where: { targetStage: pair.stage, criticality: pair.criticality },
      _max: { version: true },
    });
    const version = (max._max.version ?? 0) + 1;
    if (previous) await tx.gatePolicy.update({ where: { id: previous.id }, data: { isCurrent: false } });
    const created = await tx.gatePolicy.create({
      data: {
        targetStage: pair.stage,
        criticality: pair.criticality,
        version,
        isCurrent: true,
        requirements: input.requirements,
        note: input.note,
        createdById: actor.userId,
      },
      select: GATE_POLICY_SELECT,
    });
    // Flat before/after states: the audit log diffs top-level keys, so each changed requirement shows on its own line.
    await appendAuditEvent(tx, {
      actor,
      action: "gate_policy.updated",
      entityType: "gate_policy",
      entityId: created.id,
      before: previous ? { policyId: previous.id, version: previous.version, ...(before as object) } : null,
      after: { policyId: created.id, version, ...input.requirements, note: input.note },
      metadata: {
        targetStage: pair.stage,
        criticality: pair.criticality,
        note: input.note,
        previousPolicyId: previous?.id ?? null,
      },
    });
    return toGatePolicyDto(created, new Map([[actor.userId, { id: actor.userId, name: actor.name }]]), new Map());
  });
}

function pairKey(stage: TGatedStage, criticality: (typeof CRITICALITIES)[number]): number {
  return GATED_STAGES.indexOf(stage) * CRITICALITIES.length + CRITICALITIES.indexOf(criticality);
}
