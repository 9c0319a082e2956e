import "server-only";
import { getDb } from "@/lib/db/client";
import { checkLength, LIMITS, validateKey } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireExperiment, requireTrackingWrite } from "./tracking-sql";

/** setExperimentTag / deleteExperimentTag (value null; a missing key is a no-op). Tracking metadata: not audited (docs/MLFLOW.md). */
export async function setExperimentTag({
  actor,
  experimentId,
  key,
  value,
}: {
  actor: TActor;
  experimentId: string;
  key: string;
  value: string | null;
}): Promise<void> {
  requirePermission(actor, "versions:register");
  validateKey("tag", key);
  if (value !== null) checkLength("Tag value", value, LIMITS.runTagValue);
  const db = await getDb();
  const e = await requireExperiment(db, experimentId);
  requireTrackingWrite(actor, e, "experiment");
  const where = { experimentId_key: { experimentId: e.id, key } };
  if (value === null) await db.mlflowExperimentTag.deleteMany({ where: { experimentId: e.id, key } });
  else await db.mlflowExperimentTag.upsert({ where, create: { experimentId: e.id, key, value }, update: { value } });
}
