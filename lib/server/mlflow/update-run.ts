import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TRunFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { loadRuns, requireRun, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;

/** updateRun: status, end time, name. Status moves are tracking data, not audited (docs/MLFLOW.md); deletion is set-run-lifecycle. */
export async function updateRun({
  actor,
  runId,
  status,
  endTime,
  runName,
}: {
  actor: TActor;
  runId: string;
  status?: string;
  endTime?: number;
  runName?: string;
}): Promise<TRunFacts> {
  requirePermission(actor, "versions:register");
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status))
    throw new MlflowInputError(
      `Invalid value '${status}' for parameter 'status'. Valid values are ${RUN_STATUSES.join(", ")}.`,
    );
  return runTransaction(async (tx) => {
    const run = await requireRun(tx, runId);
    requireTrackingWrite(actor, run, "run");
    await tx.mlflowRun.update({
      where: { id: run.id },
      data: {
        ...(status ? { status } : {}),
        ...(endTime !== undefined ? { endTime: BigInt(endTime) } : {}),
        ...(runName ? { name: runName } : {}),
      },
    });
    if (runName)
      await tx.mlflowRunTag.upsert({
        where: { runId_key: { runId: run.id, key: "mlflow.runName" } },
        create: { runId: run.id, key: "mlflow.runName", value: runName },
        update: { value: runName },
      });
    return (await loadRuns(tx, { where: Prisma.sql`r.id = ${run.id}` }))[0]!;
  });
}
