import "server-only";
import { checkLength } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { requireExperiment, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

type TChange = { newName: string } | { lifecycleStage: "active" | "deleted" };

/** updateExperiment (rename), deleteExperiment and restoreExperiment: audited, by the owning team or an administrator. */
export async function updateExperiment({
  actor,
  experimentId,
  change,
}: {
  actor: TActor;
  experimentId: string;
  change: TChange;
}): Promise<void> {
  requirePermission(actor, "versions:register");
  if ("newName" in change) checkLength("Experiment name", change.newName, 500);
  try {
    await runTransaction(async (tx) => {
      const e = await requireExperiment(tx, experimentId);
      requireTrackingWrite(actor, e, "experiment");
      if ("newName" in change) {
        if (change.newName === e.name) return;
        if (e.lifecycleStage !== "active")
          throw mlflowError("INVALID_PARAMETER_VALUE", `Cannot rename a non-active experiment (id=${e.id}).`);
        if (await tx.mlflowExperiment.findUnique({ where: { name: change.newName }, select: { id: true } }))
          throw mlflowError("RESOURCE_ALREADY_EXISTS", `Experiment '${change.newName}' already exists.`);
        await tx.mlflowExperiment.update({
          where: { id: e.id },
          data: { name: change.newName, updatedAt: new Date() },
        });
        await appendAuditEvent(tx, {
          actor,
          action: "mlflow.experiment_renamed",
          entityType: "mlflow_experiment",
          entityId: String(e.id),
          before: { name: e.name },
          after: { name: change.newName },
          metadata: { via: "mlflow" },
        });
        return;
      }
      if (e.id === 0 && change.lifecycleStage === "deleted")
        throw mlflowError(
          "INVALID_PARAMETER_VALUE",
          "Cannot delete the default experiment '0'. This is an internally reserved experiment.",
        );
      if (e.lifecycleStage === change.lifecycleStage) {
        throw mlflowError(
          "INVALID_PARAMETER_VALUE",
          `Cannot ${change.lifecycleStage === "deleted" ? "delete" : "restore"} an experiment that is ${e.lifecycleStage} (id=${e.id}).`,
        );
      }
      await tx.mlflowExperiment.update({
        where: { id: e.id },
        data: { lifecycleStage: change.lifecycleStage, updatedAt: new Date() },
      });
      await tx.mlflowRun.updateMany({
        where: { experimentId: e.id, lifecycleStage: e.lifecycleStage },
        data: { lifecycleStage: change.lifecycleStage },
      });
      await appendAuditEvent(tx, {
        actor,
        action: change.lifecycleStage === "deleted" ? "mlflow.experiment_deleted" : "mlflow.experiment_restored",
        entityType: "mlflow_experiment",
        entityId: String(e.id),
        before: { lifecycleStage: e.lifecycleStage },
        after: { lifecycleStage: change.lifecycleStage },
        metadata: { via: "mlflow" },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw mlflowError("RESOURCE_ALREADY_EXISTS", `Experiment already exists.`);
    throw err;
  }
}
