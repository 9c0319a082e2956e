import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import {
  ACTIVE_STAGES,
  canonicalStage,
  MLFLOW_STAGE_OF,
  planStageTransition,
  type TMlflowStage,
} from "@/lib/domain/mlflow/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { STAGES, type TStage } from "@/lib/domain/lifecycle/stages";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { advanceVersion, gateClosedError } from "./advance-version";
import { archiveVersionNow } from "./archive-version-now";
import { requireVersionByName } from "./find-registry-ref";
import { loadVersions, type TLoadedVersion } from "./registry-sql";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * transitionModelVersionStage through Modelgate's gates (docs/MLFLOW.md has the stage mapping).
 * - Archived applies at once (as archiving does in Modelgate), unless the version is live.
 * - Staging / Production climb the lifecycle one gated step at a time; a step applies only when its gate
 *   is open. At the first closed gate the step's request stays PENDING, what moved so far is committed,
 *   and the caller gets PERMISSION_DENIED naming the request and what it still needs.
 * - Backward moves are refused (INVALID_PARAMETER_VALUE): rollback is an operation, not a stage change.
 * - archive_existing_versions archives the model's other versions in the target stage once the version
 *   got there (Production always supersedes the previous live version: one live version per model).
 */
export async function transitionModelVersionStage({
  actor,
  name,
  version,
  stage,
  archiveExistingVersions,
}: {
  actor: TActor;
  name: string;
  version: string;
  stage: string;
  archiveExistingVersions: boolean;
}): Promise<TLoadedVersion> {
  requirePermission(actor, "promotions:request");
  const target = canonicalStage(stage);
  if (archiveExistingVersions && !ACTIVE_STAGES.includes(target)) {
    throw new MlflowInputError(
      `Model version transition cannot archive existing model versions because '${target}' is not an Active stage. Valid stages are ${ACTIVE_STAGES.join(", ")}`,
    );
  }
  const { loaded, blocked } = await runTransaction(async (tx) => {
    const v = await requireVersionByName(tx, name, version, { lock: true });
    requireModelWrite(actor, v.model);
    const plan = planStageTransition(v.stage, target);
    let blocked: Error | null = null;
    if (plan.kind === "refuse") throw new MlflowInputError(plan.reason);
    if (plan.kind === "archive")
      await archiveVersionNow(
        tx,
        actor,
        { id: v.id, number: v.number, stage: v.stage, modelId: v.model.id },
        `Archived through MLflow's transition-stage`,
      );
    if (plan.kind === "promote") {
      const outcome = await advanceVersion(
        tx,
        actor,
        { id: v.id, number: v.number, modelId: v.model.id, slug: v.model.slug, criticality: v.model.criticality },
        plan.steps,
        `Requested through MLflow's transition-stage to ${target}`,
      );
      if (outcome.waiting)
        blocked = gateClosedError(name, v.number, v.model.slug, { ...outcome, waiting: outcome.waiting }, target);
    }
    if (!blocked && archiveExistingVersions) await archiveOthersIn(tx, actor, v.model.id, v.id, target, v.number);
    const [loaded] = await loadVersions(tx, { where: Prisma.sql`v.id = ${v.id}` });
    return { loaded: loaded!, blocked };
  });
  // Thrown after the commit: the request (and any step already applied) must survive the refusal.
  if (blocked) throw blocked;
  return loaded;
}

async function archiveOthersIn(
  tx: Tx,
  actor: TActor,
  modelId: string,
  keepId: string,
  target: TMlflowStage,
  number: number,
): Promise<void> {
  const stages = STAGES.filter((s) => MLFLOW_STAGE_OF[s] === target) as TStage[];
  const others = await tx.modelVersion.findMany({
    where: { modelId, id: { not: keepId }, stage: { in: stages }, mlflowDeletedAt: null },
    select: { id: true, number: true, stage: true },
  });
  for (const o of others)
    await archiveVersionNow(
      tx,
      actor,
      { ...o, modelId },
      `Archived by the move of version ${number} to ${target} (archive_existing_versions)`,
    );
}
