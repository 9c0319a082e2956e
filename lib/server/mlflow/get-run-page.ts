import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { requirePermission } from "../auth/get-actor";
import { loadRuns } from "./tracking-sql";

/**
 * Modelgate's page of one MLflow run (where a version's "MLflow run" lineage links): the run as the tracking API
 * answers it (latest metrics, params, tags, dataset inputs), its experiment, and the versions registered from it.
 */
export async function getRunPage({ actor, runId }: { actor: TActor; runId: string }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [run] = await loadRuns(db, { where: Prisma.sql`r.id = ${runId}`, limit: 1 });
  if (!run) throw new AppError("NOT_FOUND", `No MLflow run "${runId}".`);
  const [experiment, versions] = await Promise.all([
    db.mlflowExperiment.findUnique({ where: { id: run.experimentId }, select: { id: true, name: true } }),
    db.modelVersion.findMany({
      where: { runId },
      select: { number: true, stage: true, model: { select: { slug: true, title: true } } },
      orderBy: [{ modelId: "asc" }, { number: "asc" }],
    }),
  ]);
  return { run, experiment, versions };
}

export type TRunPage = Awaited<ReturnType<typeof getRunPage>>;
