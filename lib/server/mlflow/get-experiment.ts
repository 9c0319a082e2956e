import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TExperimentFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { loadExperiments, requireExperiment } from "./tracking-sql";

/** getExperiment (by id) and getExperimentByName. */
export async function getExperiment({
  actor,
  id,
  name,
}: {
  actor: TActor;
  id?: string;
  name?: string;
}): Promise<TExperimentFacts> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  if (id !== undefined) {
    const e = await requireExperiment(db, id);
    return (await loadExperiments(db, { where: Prisma.sql`e.id = ${e.id}` }))[0]!;
  }
  const [e] = await loadExperiments(db, { where: Prisma.sql`e.name = ${name ?? ""}`, limit: 1 });
  if (!e) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Could not find experiment with name '${name}'`);
  return e;
}
