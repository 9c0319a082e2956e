import "server-only";
import type { Tx } from "@/lib/db/client";
import { canRollback } from "@/lib/domain/rbac/operate-access";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZRollbackRequest, type TRollbackRequest, type TRollbackResponse } from "@/lib/schemas/deployments";
import { evaluateModelAlerts } from "../alerts/evaluate-alert-rules";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { refreshVersionHealth } from "../monitoring/refresh-version-health";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { DEPLOYMENT_DTO_SELECT, toDeploymentDto } from "./deployment-dto";
import { loadRollbackPlan } from "./load-rollback-plan";
import { lockModel } from "../models/lock-model";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Returns a production environment to the last version that was healthy there, in one action and one
 * transaction (DESIGN.md 2.2), without an approval round: allowed to the model's IT owner and administrators
 * (lib/domain/rbac/operate-access.ts), with a required reason. The target is chosen by
 * lib/domain/deployments/rollback.ts. Effects:
 * - the live deployment becomes ROLLED_BACK; its version is marked ROLLED_BACK, leaves MONITORING for
 *   ARCHIVED ("Rolled back: <reason>") and its pending requests are cancelled;
 * - the target gets a new ACTIVE deployment and re-enters MONITORING: one MONITORING version per model;
 * - stage history for both, the target's health refreshed, alert rules re-evaluated (alerts about the pulled
 *   version resolve), one audit event and the `deployment.rolled_back` webhook (plus `version.stage_changed`).
 * `fromVersionId` / `toVersionId` make a confirmation exact: if production or the target changed since the
 * person looked, 409 — a double click cannot roll back twice.
 */
export async function rollbackProduction({
  actor,
  modelRef,
  input: raw,
  now = new Date(),
}: {
  actor: TActor;
  modelRef: string;
  input: TRollbackRequest;
  now?: Date;
}): Promise<TRollbackResponse> {
  requirePermission(actor, "rollback:execute");
  const input = ZRollbackRequest.parse(raw);
  return runTransaction(async (tx) => {
    const model = await findModelRef(tx, modelRef);
    if (!canRollback(actor, model))
      throw new AppError("FORBIDDEN", `Only the IT owner of ${model.slug} or an administrator may roll it back.`);
    await lockModel(tx, { modelId: model.id });
    const plan = await loadRollbackPlan(tx, {
      modelId: model.id,
      problemType: model.problemType,
      environment: input.environment,
    });
    if (!plan.environment.isProduction) {
      throw new AppError("VALIDATION_FAILED", `${plan.environment.name} is not a production environment.`, {
        errors: [
          {
            path: "environment",
            message: "Rollback applies to production environments; record a deployment elsewhere.",
          },
        ],
      });
    }
    const live = plan.live;
    if (!live)
      throw new AppError(
        "CONFLICT",
        `Nothing of ${model.slug} is live in ${plan.environment.name}; there is nothing to roll back.`,
      );
    if (input.fromVersionId && input.fromVersionId !== live.versionId)
      throw new AppError(
        "CONFLICT",
        `v${live.versionNumber} is live in ${plan.environment.name} now, not the version you meant to roll back. Reload and check.`,
      );
    if (!plan.selection.ok) throw new AppError("CONFLICT", plan.selection.reason);
    const target = plan.selection.target;
    if (input.toVersionId && input.toVersionId !== target.versionId)
      throw new AppError(
        "CONFLICT",
        `The rollback target is now v${target.versionNumber}, not the version you were shown. Reload and check.`,
      );

    await tx.deployment.update({ where: { id: live.deploymentId }, data: { status: "ROLLED_BACK", endedAt: now } });
    const { artifactDigest } = await tx.modelVersion.findUniqueOrThrow({
      where: { id: target.versionId },
      select: { artifactDigest: true },
    });
    const created = await tx.deployment.create({
      data: {
        modelId: model.id,
        versionId: target.versionId,
        environmentId: plan.environment.id,
        deployedById: actor.userId,
        reason: `Rollback from v${live.versionNumber}: ${input.reason}`,
        deployedAt: now,
        artifactDigest,
      },
      select: { id: true },
    });
    await pullVersion(tx, {
      actor,
      modelId: model.id,
      versionId: live.versionId,
      number: live.versionNumber,
      reason: input.reason,
      now,
    });
    await restoreVersion(tx, {
      actor,
      modelId: model.id,
      versionId: target.versionId,
      number: target.versionNumber,
      fromNumber: live.versionNumber,
      reason: input.reason,
      now,
    });
    await tx.model.update({ where: { id: model.id }, data: { updatedAt: now } });
    await refreshVersionHealth(tx, {
      versionId: target.versionId,
      modelId: model.id,
      problemType: model.problemType,
      now,
    });

    const from = { id: live.versionId, number: live.versionNumber };
    const to = { id: target.versionId, number: target.versionNumber };
    await appendAuditEvent(tx, {
      actor,
      action: "deployment.rolled_back",
      entityType: "deployment",
      entityId: created.id,
      modelId: model.id,
      before: { deploymentId: live.deploymentId, version: from },
      after: { deploymentId: created.id, version: to, environment: plan.environment.name, reason: input.reason },
    });
    await enqueueEvent(tx, "deployment.rolled_back", {
      modelId: model.id,
      modelSlug: model.slug,
      environment: plan.environment.name,
      from: { versionId: from.id, version: from.number, deploymentId: live.deploymentId },
      to: { versionId: to.id, version: to.number, deploymentId: created.id },
      reason: input.reason,
      actorId: actor.userId,
    });
    await evaluateModelAlerts(tx, { modelId: model.id, now });
    return {
      rolledBack: toDeploymentDto(
        await tx.deployment.findUniqueOrThrow({ where: { id: live.deploymentId }, select: DEPLOYMENT_DTO_SELECT }),
      ),
      deployment: toDeploymentDto(
        await tx.deployment.findUniqueOrThrow({ where: { id: created.id }, select: DEPLOYMENT_DTO_SELECT }),
      ),
      from,
      to,
    };
  });
}

/** The pulled version: marked ROLLED_BACK, out of MONITORING (ARCHIVED), its pending requests cancelled. */
async function pullVersion(
  tx: Tx,
  o: { actor: TActor; modelId: string; versionId: string; number: number; reason: string; now: Date },
) {
  const v = await tx.modelVersion.findUniqueOrThrow({ where: { id: o.versionId }, select: { stage: true } });
  await tx.transitionRequest.updateMany({
    where: { versionId: o.versionId, status: "PENDING" },
    data: {
      status: "CANCELLED",
      resolution: `Cancelled: v${o.number} was rolled back from production.`,
      decidedAt: o.now,
    },
  });
  await tx.modelVersion.update({
    where: { id: o.versionId },
    data: { stage: "ARCHIVED", status: "ROLLED_BACK", stageChangedAt: o.now },
  });
  await tx.stageHistory.create({
    data: {
      versionId: o.versionId,
      fromStage: v.stage,
      toStage: "ARCHIVED",
      actorId: o.actor.userId,
      reason: `Rolled back: ${o.reason}`,
      enteredAt: o.now,
    },
  });
  if (v.stage !== "ARCHIVED")
    await enqueueEvent(tx, "version.stage_changed", {
      modelId: o.modelId,
      versionId: o.versionId,
      version: o.number,
      from: v.stage,
      to: "ARCHIVED",
      reason: "rollback",
    });
}

/** The target: back in MONITORING (ready), the one MONITORING version of the model. */
async function restoreVersion(
  tx: Tx,
  o: {
    actor: TActor;
    modelId: string;
    versionId: string;
    number: number;
    fromNumber: number;
    reason: string;
    now: Date;
  },
) {
  const v = await tx.modelVersion.findUniqueOrThrow({ where: { id: o.versionId }, select: { stage: true } });
  const others = await tx.modelVersion.findMany({
    where: { modelId: o.modelId, stage: "MONITORING", id: { not: o.versionId } },
    select: { id: true },
  });
  for (const other of others) {
    await tx.modelVersion.update({ where: { id: other.id }, data: { stage: "ARCHIVED", stageChangedAt: o.now } });
    await tx.stageHistory.create({
      data: {
        versionId: other.id,
        fromStage: "MONITORING",
        toStage: "ARCHIVED",
        actorId: o.actor.userId,
        reason: `Superseded by the rollback to v${o.number}`,
        enteredAt: o.now,
      },
    });
  }
  await tx.modelVersion.update({
    where: { id: o.versionId },
    data: { stage: "MONITORING", status: "READY", stageChangedAt: o.now },
  });
  if (v.stage === "MONITORING") return;
  await tx.stageHistory.create({
    data: {
      versionId: o.versionId,
      fromStage: v.stage,
      toStage: "MONITORING",
      actorId: o.actor.userId,
      reason: `Rollback from v${o.fromNumber}: ${o.reason}`,
      enteredAt: o.now,
    },
  });
  await enqueueEvent(tx, "version.stage_changed", {
    modelId: o.modelId,
    versionId: o.versionId,
    version: o.number,
    from: v.stage,
    to: "MONITORING",
    reason: "rollback",
  });
}
