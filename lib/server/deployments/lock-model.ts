import "server-only";
import type { Tx } from "@/lib/db/client";
import { lockModel } from "../models/lock-model";

/**
 * Serialises changes to what a model runs (deployments, rollbacks) on its row. NO KEY UPDATE, not UPDATE:
 * inserts that reference the model (alerts, retraining requests) take KEY SHARE locks on it and must not wait
 * behind a deployment — an ingestion evaluating alerts would otherwise queue behind every rollback.
 */
export async function lockModelDeployments(tx: Tx, modelId: string): Promise<void> {
  await lockModel(tx, { modelId });
}
