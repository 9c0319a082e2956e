import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { requireActiveRun, requireRun, requireTrackingWrite } from "./tracking-sql";

/** deleteTag on a run: the tag must exist (MLflow answers RESOURCE_DOES_NOT_EXIST otherwise). */
export async function deleteRunTag({
  actor,
  runId,
  key,
}: {
  actor: TActor;
  runId: string;
  key: string;
}): Promise<void> {
  requirePermission(actor, "versions:register");
  const db = await getDb();
  const run = await requireRun(db, runId);
  requireTrackingWrite(actor, run, "run");
  requireActiveRun(run);
  const { count } = await db.mlflowRunTag.deleteMany({ where: { runId: run.id, key } });
  if (count === 0) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `No tag with name: ${key} in run with id ${run.id}`);
}
