import "server-only";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateKey } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { dedupe } from "./create-registered-model";
import { isUniqueViolation, mlflowError } from "./mlflow-error";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * createExperiment: owned by the caller's team; its artifacts go to `artifact_location` when given (stored as
 * given, relative paths included: the client then writes there itself), else to `mlflow-artifacts:/<id>`,
 * Modelgate's own store through the artifact proxy.
 */
export async function createExperiment({
  actor,
  name,
  artifactLocation,
  tags,
}: {
  actor: TActor;
  name: string;
  artifactLocation?: string;
  tags: TKeyValue[];
}): Promise<number> {
  requirePermission(actor, "versions:register");
  checkLength("Experiment name", name, 500);
  for (const t of tags) {
    validateKey("tag", t.key);
    checkLength("Tag value", t.value, LIMITS.runTagValue);
  }
  try {
    return await runTransaction(async (tx) => {
      const existing = await tx.mlflowExperiment.findUnique({ where: { name }, select: { lifecycleStage: true } });
      if (existing) {
        throw mlflowError(
          "RESOURCE_ALREADY_EXISTS",
          existing.lifecycleStage === "deleted"
            ? `Experiment '${name}' already exists in deleted state. You can restore the experiment, or permanently delete it.`
            : `Experiment '${name}' already exists.`,
        );
      }
      const e = await tx.mlflowExperiment.create({
        data: {
          name,
          artifactLocation: artifactLocation?.replace(/\/+$/, "") ?? "",
          createdById: actor.userId,
          teamId: actor.teamId,
          tags: { create: dedupe(tags) },
        },
        select: { id: true },
      });
      // Without a location of its own, an experiment keeps its artifacts in Modelgate's store, through the proxy.
      const location = artifactLocation?.replace(/\/+$/, "") || `mlflow-artifacts:/${e.id}`;
      if (!artifactLocation)
        await tx.mlflowExperiment.update({ where: { id: e.id }, data: { artifactLocation: location } });
      await appendAuditEvent(tx, {
        actor,
        action: "mlflow.experiment_created",
        entityType: "mlflow_experiment",
        entityId: String(e.id),
        after: { name, artifactLocation: location },
        metadata: { via: "mlflow" },
      });
      return e.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw mlflowError("RESOURCE_ALREADY_EXISTS", `Experiment '${name}' already exists.`);
    throw err;
  }
}
