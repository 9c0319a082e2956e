import "server-only";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import { validateRegistryTag } from "@/lib/domain/mlflow/validation";
import { MODELGATE_TAGS } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { readImportanceTag, recordImportanceFromTag } from "../importance/importance-tag";
import { lockDesignVersion } from "../importance/record-importance";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { requireVersionByName } from "./find-registry-ref";
import { mlflowError } from "./mlflow-error";
import { runTransaction } from "@/lib/db/run-transaction";

const EVIDENCE_TAGS = new Set<string>([
  MODELGATE_TAGS.framework,
  MODELGATE_TAGS.gitCommit,
  MODELGATE_TAGS.trainingDataset,
  MODELGATE_TAGS.featureSchema,
]);

/**
 * setModelVersionTag / deleteModelVersionTag (value null). The `modelgate.*` evidence tags are read when
 * the version is created; changing them afterwards would look like changing evidence a gate judged, so
 * it is refused (set them at creation, or register a new version). `modelgate.feature_importance` is the
 * exception while the version is in DESIGN, as POST …/importance is: setting it records the importances
 * (validated against the feature schema), deleting it removes importances that came from the tag; once the
 * version has left DESIGN both answer RESOURCE_CONFLICT.
 */
export async function setModelVersionTag({
  actor,
  name,
  version,
  key,
  value,
}: {
  actor: TActor;
  name: string;
  version: string;
  key: string;
  value: string | null;
}): Promise<void> {
  requirePermission(actor, "models:write");
  if (value !== null) {
    if (value === undefined) throw new MlflowInputError("Model version value cannot be None");
    validateRegistryTag(key, value);
  }
  await runTransaction(async (tx) => {
    const v = await requireVersionByName(tx, name, version, { lock: true });
    requireModelWrite(actor, v.model);
    const where = { versionId_key: { versionId: v.id, key } };
    const before = await tx.mlflowVersionTag.findUnique({ where, select: { value: true } });
    if (key === MODELGATE_TAGS.featureImportance && (before?.value ?? null) !== value) {
      // The version row is already locked (requireVersionByName); the model row is not taken again here.
      const locked = await lockDesignVersion(tx, actor, v.id, { lockModel: false });
      if (value === null)
        await tx.$executeRaw`DELETE FROM feature_importances WHERE "versionId" = ${v.id} AND source = 'mlflow'`;
      else
        await recordImportanceFromTag(tx, {
          actor,
          version: locked,
          importance: readImportanceTag(value, locked.featureNames),
        });
    } else if (EVIDENCE_TAGS.has(key) && (before?.value ?? null) !== value) {
      throw mlflowError(
        "PERMISSION_DENIED",
        `Tag ${key} is version evidence in Modelgate and is read once, when the version is registered; it cannot change afterwards. Register a new version instead.`,
      );
    }
    if (value === null) {
      if (!before) return;
      await tx.mlflowVersionTag.delete({ where });
    } else {
      if (before?.value === value) return;
      await tx.mlflowVersionTag.upsert({ where, create: { versionId: v.id, key, value }, update: { value } });
    }
    await tx.modelVersion.update({ where: { id: v.id }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      action: value === null ? "version.tag_deleted" : "version.tag_set",
      entityType: "version",
      entityId: v.id,
      modelId: v.model.id,
      before: before ? { [key]: before.value.slice(0, 1000) } : null,
      after: value === null ? null : { [key]: value.slice(0, 1000) },
      metadata: { via: "mlflow" },
    });
  });
}
