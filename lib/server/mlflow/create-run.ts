import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { TKeyValue, TRunFacts } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, validateKey } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { experimentArtifactLocation } from "./config";
import { dedupe } from "./create-registered-model";
import { mlflowError } from "./mlflow-error";
import { loadRuns, requireExperiment } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

const RUN_NAME_TAG = "mlflow.runName";

/** createRun: RUNNING, in an active experiment (default "0"), artifacts under the experiment's location, owned by the caller's team. */
export async function createRun(o: {
  actor: TActor;
  experimentId?: string;
  userId?: string;
  runName?: string;
  startTime?: number;
  tags: TKeyValue[];
}): Promise<TRunFacts> {
  const { actor } = o;
  requirePermission(actor, "versions:register");
  const tags = dedupe(o.tags);
  for (const t of tags) {
    validateKey("tag", t.key);
    checkLength("Tag value", t.value, LIMITS.runTagValue);
  }
  const id = randomUUID().replace(/-/g, "");
  const name = o.runName || tags.find((t) => t.key === RUN_NAME_TAG)?.value || `run-${id.slice(0, 8)}`;
  return runTransaction(async (tx) => {
    const e = await requireExperiment(tx, o.experimentId ?? "0");
    if (e.lifecycleStage !== "active")
      throw mlflowError(
        "INVALID_PARAMETER_VALUE",
        `The experiment ${e.id} must be in the 'active' state. Current state is ${e.lifecycleStage}.`,
      );
    const artifactUri = `${experimentArtifactLocation(e)}/${id}/artifacts`;
    const allTags = dedupe([...tags, { key: RUN_NAME_TAG, value: name }]);
    await tx.mlflowRun.create({
      data: {
        id,
        experimentId: e.id,
        name,
        userId: o.userId || actor.email,
        createdById: actor.userId,
        teamId: actor.teamId,
        startTime: BigInt(o.startTime ?? Date.now()),
        artifactUri,
        tags: { create: allTags },
      },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "mlflow.run_created",
      entityType: "mlflow_run",
      entityId: id,
      after: { experimentId: e.id, name },
      metadata: { via: "mlflow" },
    });
    return (await loadRuns(tx, { where: Prisma.sql`r.id = ${id}` }))[0]!;
  });
}
