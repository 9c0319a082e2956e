import "server-only";
import type { Tx } from "@/lib/db/client";
import { checkDeployable } from "@/lib/domain/deployments/deployments";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZRecordDeploymentRequest,
  type TRecordDeploymentRequest,
  type TRecordDeploymentResponse,
} from "@/lib/schemas/deployments";
import { evaluateModelAlerts } from "../alerts/evaluate-alert-rules";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "../models/find-model";
import { refreshVersionHealth } from "../monitoring/refresh-version-health";
import { reevaluateVersion } from "../promotions/evaluate-pending";
import { DEPLOYMENT_DTO_SELECT, toDeploymentDto } from "./deployment-dto";
import { lockModel } from "../models/lock-model";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Records that a version now runs in an environment (from the UI, or by CI after it deployed), superseding
 * the deployment active there. Deployments of one model are serialised on the model row, so two pipelines
 * recording at once both succeed, one after the other, and exactly one stays ACTIVE (the partial unique
 * index deployments_one_active_per_env backs this up).
 * A production deployment of a version in DEPLOYMENT re-judges its pending MONITORING request, which may
 * now open (active production deployment is one of its requirements); it also re-reads the model's health
 * and re-evaluates its alert rules (alerts about the replaced version resolve), and a retraining request
 * linked to this version is done: the retrained candidate is live.
 */
export async function recordDeployment({
  actor,
  modelRef,
  input: raw,
  now = new Date(),
}: {
  actor: TActor;
  modelRef: string;
  input: TRecordDeploymentRequest;
  now?: Date;
}): Promise<TRecordDeploymentResponse> {
  requirePermission(actor, "deployments:write");
  const input = ZRecordDeploymentRequest.parse(raw);
  return runTransaction(async (tx) => {
    const model = await findModelRef(tx, modelRef);
    requireModelWrite(actor, model);
    if (model.archivedAt) throw new AppError("CONFLICT", `${model.slug} is archived; nothing of it can be deployed.`);
    await lockModel(tx, { modelId: model.id });
    const env = await tx.environment.findUnique({
      where: { name: input.environment },
      select: { id: true, name: true, isProduction: true },
    });
    if (!env)
      throw new AppError("VALIDATION_FAILED", `No environment "${input.environment}".`, {
        errors: [{ path: "environment", message: "Unknown environment; an administrator adds environments." }],
      });
    const version = await tx.modelVersion.findFirst({
      where: { modelId: model.id, ...(input.versionId ? { id: input.versionId } : { number: input.version }) },
      select: { id: true, number: true, stage: true, status: true, artifactDigest: true },
    });
    if (!version) {
      const path = input.versionId ? "versionId" : "version";
      throw new AppError("VALIDATION_FAILED", `No such version of ${model.slug}.`, {
        errors: [{ path, message: `Not a version of ${model.slug}.` }],
      });
    }
    const check = checkDeployable(version, env);
    if (!check.ok) throw new AppError("CONFLICT", check.message);
    const active = await tx.deployment.findFirst({
      where: { modelId: model.id, environmentId: env.id, status: "ACTIVE" },
      select: { id: true, versionId: true },
    });
    if (active?.versionId === version.id)
      throw new AppError("CONFLICT", `v${version.number} is already live in ${env.name}.`);
    if (active) await tx.deployment.update({ where: { id: active.id }, data: { status: "SUPERSEDED", endedAt: now } });
    const created = await tx.deployment.create({
      data: {
        modelId: model.id,
        versionId: version.id,
        environmentId: env.id,
        deployedById: actor.userId,
        reason: input.reason,
        deployedAt: now,
        artifactDigest: version.artifactDigest,
      },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "deployment.recorded",
      entityType: "deployment",
      entityId: created.id,
      modelId: model.id,
      before: active ? { deploymentId: active.id, versionId: active.versionId } : null,
      after: { versionId: version.id, version: version.number, environment: env.name, reason: input.reason },
    });
    const promoted = env.isProduction ? await afterProductionDeployment(tx, { actor, model, version, now }) : false;
    const deployment = await tx.deployment.findUniqueOrThrow({
      where: { id: created.id },
      select: DEPLOYMENT_DTO_SELECT,
    });
    const superseded = active
      ? await tx.deployment.findUniqueOrThrow({ where: { id: active.id }, select: DEPLOYMENT_DTO_SELECT })
      : null;
    return {
      deployment: toDeploymentDto(deployment),
      superseded: superseded ? toDeploymentDto(superseded) : null,
      promoted,
    };
  });
}

async function afterProductionDeployment(
  tx: Tx,
  o: {
    actor: TActor;
    model: { id: string; problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER" };
    version: { id: string; stage: string };
    now: Date;
  },
): Promise<boolean> {
  let promoted = false;
  if (o.version.stage === "DEPLOYMENT") {
    await reevaluateVersion(tx, o.actor, o.version.id);
    promoted =
      (await tx.modelVersion.findUniqueOrThrow({ where: { id: o.version.id }, select: { stage: true } })).stage ===
      "MONITORING";
  }
  await refreshVersionHealth(tx, {
    versionId: o.version.id,
    modelId: o.model.id,
    problemType: o.model.problemType,
    now: o.now,
  });
  const linked = await tx.retrainingRequest.findFirst({
    where: { modelId: o.model.id, linkedVersionId: o.version.id, status: { in: ["OPEN", "IN_PROGRESS"] } },
    select: { id: true, status: true },
  });
  if (linked) {
    await tx.retrainingRequest.update({ where: { id: linked.id }, data: { status: "DONE" } });
    await appendAuditEvent(tx, {
      actor: o.actor,
      action: "retraining.updated",
      entityType: "retraining_request",
      entityId: linked.id,
      modelId: o.model.id,
      before: { status: linked.status },
      after: { status: "DONE" },
      metadata: { reason: "The retrained version is live in production." },
    });
  }
  await evaluateModelAlerts(tx, { modelId: o.model.id, now: o.now });
  return promoted;
}
