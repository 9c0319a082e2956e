import "server-only";
import { validateRegistryTag } from "@/lib/domain/mlflow/validation";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { requireModelByName } from "./find-registry-ref";
import { runTransaction } from "@/lib/db/run-transaction";

/** setRegisteredModelTag / deleteRegisteredModelTag (value null). Deleting a missing key is a silent no-op, as in MLflow. */
export async function setRegisteredModelTag({
  actor,
  name,
  key,
  value,
}: {
  actor: TActor;
  name: string;
  key: string;
  value: string | null;
}): Promise<void> {
  requirePermission(actor, "models:write");
  if (value !== null) validateRegistryTag(key, value);
  await runTransaction(async (tx) => {
    const model = await requireModelByName(tx, name, { lock: true });
    requireModelWrite(actor, model);
    const before = await tx.mlflowModelTag.findUnique({
      where: { modelId_key: { modelId: model.id, key } },
      select: { value: true },
    });
    if (value === null) {
      if (!before) return;
      await tx.mlflowModelTag.delete({ where: { modelId_key: { modelId: model.id, key } } });
    } else {
      if (before?.value === value) return;
      await tx.mlflowModelTag.upsert({
        where: { modelId_key: { modelId: model.id, key } },
        create: { modelId: model.id, key, value },
        update: { value },
      });
    }
    await tx.model.update({ where: { id: model.id }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      action: value === null ? "model.tag_deleted" : "model.tag_set",
      entityType: "model",
      entityId: model.id,
      modelId: model.id,
      before: before ? { [key]: before.value.slice(0, 1000) } : null,
      after: value === null ? null : { [key]: value.slice(0, 1000) },
      metadata: { via: "mlflow" },
    });
  });
}
