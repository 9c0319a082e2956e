import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TRequirementResult } from "@/lib/domain/gates/evaluate-gate";
import { STAGE_LABELS, type TStage } from "@/lib/domain/lifecycle/stages";
import { REQUESTER_ROLES } from "@/lib/domain/promotions/promotion-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { evaluateAndMaybeApply } from "../promotions/evaluate-pending";
import { findCurrentPolicy } from "../promotions/gate-policy";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { mlflowError } from "./mlflow-error";

export type TWaiting = {
  requestId: string;
  toStage: TStage;
  missing: TRequirementResult[];
  remaining: TStage[];
  isNew: boolean;
};
export type TAdvanceOutcome = { applied: TStage[]; waiting: TWaiting | null };

type TVersion = {
  id: string;
  number: number;
  modelId: string;
  slug: string;
  criticality: "MISSION_CRITICAL" | "INTERNAL";
};

/**
 * Climbs `steps` (consecutive lifecycle stages) inside the caller's transaction, the way Modelgate's
 * promotion requests do: each step is a request under the current policy, judged at once and applied
 * only when its gate is open. The first closed gate stops the climb and leaves its request PENDING (a
 * pending request for the same step is re-judged instead of duplicated, so retries are idempotent).
 * Roles are checked for every step before anything moves. The caller holds the version row lock.
 */
export async function advanceVersion(
  tx: Tx,
  actor: TActor,
  v: TVersion,
  steps: TStage[],
  justification: string,
): Promise<TAdvanceOutcome> {
  for (const to of steps) {
    const allowed = REQUESTER_ROLES[to as Exclude<TStage, "DESIGN">];
    if (!actor.roles.some((r) => allowed.includes(r)))
      throw mlflowError("PERMISSION_DENIED", `Requesting ${to} needs one of the roles ${allowed.join(", ")}.`);
  }
  const applied: TStage[] = [];
  for (const [i, to] of steps.entries()) {
    const { stage: from } = await tx.modelVersion.findUniqueOrThrow({ where: { id: v.id }, select: { stage: true } });
    const pending = await tx.transitionRequest.findFirst({
      where: { versionId: v.id, status: "PENDING" },
      select: { id: true, toStage: true },
    });
    if (pending && pending.toStage !== to) {
      throw mlflowError(
        "RESOURCE_CONFLICT",
        `A request to move this version to ${pending.toStage} is already pending (request ${pending.id}); cancel it in Modelgate first.`,
      );
    }
    let requestId: string;
    let isNew = false;
    let waitsOnPeople = false;
    if (pending) {
      await tx.$queryRaw`SELECT id FROM transition_requests WHERE id = ${pending.id} FOR UPDATE`;
      requestId = pending.id;
    } else {
      const policy = await findCurrentPolicy(tx, to, v.criticality);
      const req = await tx.transitionRequest.create({
        data: {
          versionId: v.id,
          fromStage: from,
          toStage: to,
          requesterId: actor.userId,
          justification,
          gatePolicyId: policy.id,
        },
        select: { id: true },
      });
      await tx.modelVersion.update({ where: { id: v.id }, data: { status: "IN_REVIEW" } });
      await appendAuditEvent(tx, {
        actor,
        action: "promotion.requested",
        entityType: "transition_request",
        entityId: req.id,
        modelId: v.modelId,
        after: { versionId: v.id, from, to, justification, policyId: policy.id },
        metadata: { via: "mlflow" },
      });
      requestId = req.id;
      isNew = true;
      waitsOnPeople = policy.requirements.approvals.length > 0;
    }
    const { gate, applied: ok } = await evaluateAndMaybeApply(tx, actor, requestId);
    if (!ok) {
      const missing = gate.requirements.filter((r) => !r.met);
      if (isNew && waitsOnPeople) {
        await enqueueEvent(tx, "approval.requested", {
          requestId,
          modelId: v.modelId,
          modelSlug: v.slug,
          version: v.number,
          from,
          to,
          waitingOn: missing.map((m) => m.label),
          missing: missing.map((m) => m.label),
        });
      }
      return { applied, waiting: { requestId, toStage: to, missing, remaining: steps.slice(i + 1), isNew } };
    }
    applied.push(to);
  }
  return { applied, waiting: null };
}

/** The 403 an MLflow client gets when a gate is closed: what moved, which request waits, and what it still needs. */
export function gateClosedError(
  name: string,
  number: number,
  slug: string,
  outcome: TAdvanceOutcome & { waiting: TWaiting },
  target: string,
): Error {
  const w = outcome.waiting;
  const moved = outcome.applied.length
    ? `Applied now: ${outcome.applied.map((s) => STAGE_LABELS[s]).join(" → ")}. `
    : "";
  const needs = w.missing.map((m) => `${m.label} (${m.detail.replace(/\.$/, "")})`).join("; ");
  const after = w.remaining.length
    ? ` After that, ${target} still needs the ${w.remaining.map((s) => STAGE_LABELS[s]).join(" → ")} gate${w.remaining.length > 1 ? "s" : ""}.`
    : "";
  return mlflowError(
    "PERMISSION_DENIED",
    `Modelgate gate closed: ${moved}Moving '${name}' version ${number} to ${STAGE_LABELS[w.toStage]} ${w.isNew ? "was requested as" : "waits on"} promotion request ${w.requestId}, which still needs: ${needs || "a decision"}.${after} Follow it at /models/${slug}/versions/${number}.`,
    { requestId: w.requestId },
  );
}
