import "server-only";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireActiveRun, requireRun, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

const LOGGED_MODELS_TAG = "mlflow.log-model.history";

/**
 * logModel: appends the model's MLmodel description to the run's `mlflow.log-model.history` tag, as
 * MLflow does. A version registered from the run reads its flavour (framework) from there.
 */
export async function logRunModel({
  actor,
  runId,
  modelJson,
}: {
  actor: TActor;
  runId: string;
  modelJson: string;
}): Promise<void> {
  requirePermission(actor, "versions:register");
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw new MlflowInputError("Malformed model info. \n model_json must be a JSON object.");
  }
  if (typeof model !== "object" || model === null || Array.isArray(model))
    throw new MlflowInputError("Malformed model info. \n model_json must be a JSON object.");
  await runTransaction(async (tx) => {
    const run = await requireRun(tx, runId);
    requireTrackingWrite(actor, run, "run");
    requireActiveRun(run);
    await tx.$queryRaw`SELECT id FROM mlflow_runs WHERE id = ${run.id} FOR UPDATE`;
    const tag = await tx.mlflowRunTag.findUnique({
      where: { runId_key: { runId: run.id, key: LOGGED_MODELS_TAG } },
      select: { value: true },
    });
    let history: unknown[] = [];
    try {
      const parsed: unknown = tag ? JSON.parse(tag.value) : [];
      history = Array.isArray(parsed) ? parsed : [];
    } catch {
      history = [];
    }
    const value = JSON.stringify([...history, model]);
    await tx.mlflowRunTag.upsert({
      where: { runId_key: { runId: run.id, key: LOGGED_MODELS_TAG } },
      create: { runId: run.id, key: LOGGED_MODELS_TAG, value },
      update: { value },
    });
  });
}
