import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { archiveVersionNow } from "./archive-version-now";
import { requireVersionByName } from "./find-registry-ref";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * deleteModelVersion: Modelgate keeps versions as evidence, so "delete" archives the version (refused
 * while it is live) and hides it from MLflow; its aliases go, as in MLflow. Its number is never reused.
 */
export async function deleteModelVersion({
  actor,
  name,
  version,
}: {
  actor: TActor;
  name: string;
  version: string;
}): Promise<void> {
  requirePermission(actor, "promotions:request");
  await runTransaction(async (tx) => {
    const v = await requireVersionByName(tx, name, version, { lock: true });
    requireModelWrite(actor, v.model);
    await archiveVersionNow(
      tx,
      actor,
      { id: v.id, number: v.number, stage: v.stage, modelId: v.model.id },
      "Deleted through the MLflow API",
    );
    const aliases = await tx.modelAlias.findMany({ where: { versionId: v.id }, select: { alias: true } });
    await tx.modelAlias.deleteMany({ where: { versionId: v.id } });
    await tx.modelVersion.update({ where: { id: v.id }, data: { mlflowDeletedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      action: "version.deleted",
      entityType: "version",
      entityId: v.id,
      modelId: v.model.id,
      before: { number: v.number, stage: v.stage, aliases: aliases.map((a) => a.alias) },
      metadata: { via: "mlflow" },
    });
  });
}
