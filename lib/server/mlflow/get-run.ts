import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TRunFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { loadRuns } from "./tracking-sql";

/** getRun: info, latest metrics, params, tags and dataset inputs in one statement (mlflow.register_model reads the artifact URI here). */
export async function getRun({ actor, runId }: { actor: TActor; runId: string }): Promise<TRunFacts> {
  requirePermission(actor, "models:read");
  const [run] = await loadRuns(await getDb(), { where: Prisma.sql`r.id = ${runId}`, limit: 1 });
  if (!run) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Run with id=${runId} not found`);
  return run;
}
