import "server-only";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { requireActiveRun, requireRun, requireTrackingWrite } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";

type TDatasetInput = { dataset: { name: string; digest: string; [k: string]: unknown }; tags?: unknown[] };

/** logInputs: dataset inputs of a run, kept once per (name, digest); the first one becomes a registered version's training dataset. */
export async function logRunInputs({
  actor,
  runId,
  datasets,
}: {
  actor: TActor;
  runId: string;
  datasets: Record<string, unknown>[];
}): Promise<void> {
  requirePermission(actor, "versions:register");
  const inputs = datasets.map((d, i) => {
    const ds = d.dataset as Record<string, unknown> | undefined;
    if (!ds || typeof ds.name !== "string" || typeof ds.digest !== "string")
      throw new MlflowInputError(`datasets[${i}].dataset needs a name and a digest.`);
    return { dataset: ds, ...(Array.isArray(d.tags) ? { tags: d.tags } : {}) } as TDatasetInput;
  });
  await runTransaction(async (tx) => {
    const run = await requireRun(tx, runId);
    requireTrackingWrite(actor, run, "run");
    requireActiveRun(run);
    const { inputs: stored } = await tx.mlflowRun.findUniqueOrThrow({
      where: { id: run.id },
      select: { inputs: true },
    });
    const list = Array.isArray(stored) ? (stored as TDatasetInput[]) : [];
    const key = (x: TDatasetInput) => `${x.dataset.name}\u0000${x.dataset.digest}`;
    const seen = new Set(list.map(key));
    const added = inputs.filter((x) => !seen.has(key(x)) && seen.add(key(x)));
    if (added.length)
      await tx.mlflowRun.update({ where: { id: run.id }, data: { inputs: [...list, ...added] as object[] } });
  });
}
