import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db/client";

/**
 * The first lock of every use case that changes a model or anything under it (docs/ARCHITECTURE.md, "Lock
 * order"): the model row, FOR NO KEY UPDATE. Writers of one model queue here, in one place, before they touch
 * any version, request, handoff, deployment or alert row, so two use cases can never hold rows the other waits
 * for. NO KEY UPDATE, not UPDATE: inserts that merely reference the model (alerts, audit of ingestion) take KEY
 * SHARE and do not wait. Each helper finds the model from the row the caller knows, in the same statement.
 * Returns the model id, or null when the row does not exist (the caller answers 404).
 */
export type TLockTarget =
  | { modelId: string }
  | { versionId: string }
  | { requestId: string }
  | { handoffId: string }
  | { alertId: string }
  | { retrainingId: string };

function modelIdSql(t: TLockTarget): Prisma.Sql {
  if ("modelId" in t) return Prisma.sql`${t.modelId}`;
  if ("versionId" in t) return Prisma.sql`(SELECT "modelId" FROM model_versions WHERE id = ${t.versionId})`;
  if ("requestId" in t)
    return Prisma.sql`(SELECT v."modelId" FROM transition_requests r JOIN model_versions v ON v.id = r."versionId" WHERE r.id = ${t.requestId})`;
  if ("handoffId" in t) return Prisma.sql`(SELECT "modelId" FROM handoffs WHERE id = ${t.handoffId})`;
  if ("alertId" in t) return Prisma.sql`(SELECT "modelId" FROM alerts WHERE id = ${t.alertId})`;
  return Prisma.sql`(SELECT "modelId" FROM retraining_requests WHERE id = ${t.retrainingId})`;
}

export async function lockModel(tx: Tx, target: TLockTarget): Promise<string | null> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM models WHERE id = ${modelIdSql(target)} FOR NO KEY UPDATE`;
  return rows[0]?.id ?? null;
}
