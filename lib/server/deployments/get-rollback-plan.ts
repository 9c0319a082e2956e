import "server-only";
import { getDb } from "@/lib/db/client";
import { canRollback } from "@/lib/domain/rbac/operate-access";
import type { TRollbackCandidate } from "@/lib/domain/deployments/rollback";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TRollbackPlan } from "@/lib/schemas/deployments";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { loadRollbackPlan, type TLoadedRollbackPlan } from "./load-rollback-plan";

/** What a rollback would do now — the live version, the target and why — shown before anyone confirms. */
export async function getRollbackPlan({
  actor,
  modelRef,
  environment,
}: {
  actor: TActor;
  modelRef: string;
  environment: string;
}): Promise<TRollbackPlan> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const model = await findModelRef(db, modelRef);
  return toRollbackPlanDto(
    await loadRollbackPlan(db, { modelId: model.id, problemType: model.problemType, environment }),
    canRollback(actor, model),
  );
}

export function toRollbackPlanDto(plan: TLoadedRollbackPlan, allowed: boolean): TRollbackPlan {
  const candidate = (c: TRollbackCandidate) => ({
    deploymentId: c.deploymentId,
    version: { id: c.versionId, number: c.versionNumber },
    status: c.status,
    deployedAt: new Date(c.deployedAt).toISOString(),
    endedAt: c.endedAt === null ? null : new Date(c.endedAt).toISOString(),
    healthAtEnd: c.healthAtEnd,
    eligible: c.eligible,
    why: c.why,
  });
  const { selection } = plan;
  const target = selection.ok
    ? (selection.candidates.find((c) => c.deploymentId === selection.target.deploymentId) ?? null)
    : null;
  return {
    environment: plan.environment.name,
    live: plan.live
      ? {
          deploymentId: plan.live.deploymentId,
          version: { id: plan.live.versionId, number: plan.live.versionNumber },
          deployedAt: plan.live.deployedAt.toISOString(),
        }
      : null,
    target: target ? candidate(target) : null,
    reason: selection.ok ? null : selection.reason,
    candidates: selection.candidates.map(candidate),
    allowed,
  };
}
