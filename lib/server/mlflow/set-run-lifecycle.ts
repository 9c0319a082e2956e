import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireRun, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

/** deleteRun / restoreRun: audited. */
export async function setRunLifecycle({
  actor,
  runId,
  lifecycleStage,
}: {
  actor: TActor;
  runId: string;
  lifecycleStage: "active" | "deleted";
}): Promise<void> {
  requirePermission(actor, "versions:register");
  await runTransaction(async (tx) => {
    const run = await requireRun(tx, runId);
    requireTrackingWrite(actor, run, "run");
    if (run.lifecycleStage === lifecycleStage) return;
    await tx.mlflowRun.update({ where: { id: run.id }, data: { lifecycleStage } });
    await appendAuditEvent(tx, {
      actor,
      action: lifecycleStage === "deleted" ? "mlflow.run_deleted" : "mlflow.run_restored",
      entityType: "mlflow_run",
      entityId: run.id,
      before: { lifecycleStage: run.lifecycleStage },
      after: { lifecycleStage },
      metadata: { via: "mlflow" },
    });
  });
}
