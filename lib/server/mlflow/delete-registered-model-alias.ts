import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { productionAlias } from "./config";
import { requireModelByName } from "./find-registry-ref";
import { mlflowError } from "./mlflow-error";
import { runTransaction } from "@/lib/db/run-transaction";

/** deleteRegisteredModelAlias: a missing alias is a silent no-op; the production alias cannot be removed while a version is live. */
export async function deleteRegisteredModelAlias({
  actor,
  name,
  alias,
}: {
  actor: TActor;
  name: string;
  alias: string;
}): Promise<void> {
  requirePermission(actor, "models:write");
  await runTransaction(async (tx) => {
    const model = await requireModelByName(tx, name, { lock: true });
    requireModelWrite(actor, model);
    if (alias === productionAlias()) {
      const live = await tx.modelVersion.findFirst({
        where: { modelId: model.id, stage: "MONITORING", mlflowDeletedAt: null },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      if (live) {
        throw mlflowError(
          "PERMISSION_DENIED",
          `The ${alias} alias always names the live production version (version ${live.number}). It moves when another version is promoted to production through its gates, and goes away when the live version is rolled back or retired in Modelgate.`,
        );
      }
      return;
    }
    const existing = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias } },
      select: { version: { select: { number: true } } },
    });
    if (!existing) return;
    await tx.modelAlias.delete({ where: { modelId_alias: { modelId: model.id, alias } } });
    await tx.model.update({ where: { id: model.id }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      action: "model.alias_deleted",
      entityType: "model",
      entityId: model.id,
      modelId: model.id,
      before: { alias, version: existing.version.number },
      metadata: { via: "mlflow" },
    });
  });
}
