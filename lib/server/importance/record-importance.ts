import "server-only";
import type { Tx } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import { validateImportance, type TFeatureImportance } from "@/lib/domain/importance/feature-importance";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TFeatureImportanceDto } from "@/lib/schemas/importance";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { reevaluateVersion } from "../promotions/evaluate-pending";
import { findVersionRef } from "../versions/find-version";
import { loadImportances } from "./importance-dto";
import { storeImportance, type TImportanceSource } from "./store-importance";

/**
 * Records a version's global feature importances (POST …/importance). Same rights as registering a version
 * (`versions:register` and write access to the model); like the rest of a version's evidence it can be
 * written — and replaced — only while the version is in DESIGN (409 afterwards), and an archived model
 * refuses it (409). The values must cover exactly the version's feature schema (422 naming each field).
 * Writes, the audit event and the re-judging of a pending request commit together.
 */
export async function recordImportance({
  actor,
  versionId,
  input,
}: {
  actor: TActor;
  versionId: string;
  input: unknown;
}): Promise<TFeatureImportanceDto> {
  requirePermission(actor, "versions:register");
  return runTransaction(async (tx) => {
    const version = await lockDesignVersion(tx, actor, versionId);
    const checked = validateImportance(input, version.featureNames);
    if (!checked.ok)
      throw new AppError("VALIDATION_FAILED", "The importances do not match the version's feature schema.", {
        errors: checked.errors,
      });
    await writeImportance(tx, { actor, version, importance: checked.importance, source: "api" });
    // New evidence may open the gate of a pending request (as a reported check does).
    await reevaluateVersion(tx, actor, versionId);
    return (await loadImportances(tx, [versionId])).get(versionId)!;
  });
}

export type TLockedVersion = { id: string; number: number; modelId: string; featureNames: string[] };

/**
 * The version, locked in the agreed order (model row, then version row), after the access checks; CONFLICT once
 * it has left DESIGN or when its model is archived. Shared with the MLflow tag path.
 */
export async function lockDesignVersion(
  tx: Tx,
  actor: TActor,
  versionId: string,
  o: { lockModel?: boolean } = {},
): Promise<TLockedVersion> {
  const ref = await findVersionRef(tx, versionId);
  requireModelWrite(actor, ref.model);
  if (ref.model.archivedAt)
    throw new AppError("CONFLICT", `${ref.model.slug} is archived; its versions' evidence no longer changes.`);
  if (o.lockModel !== false) await tx.$queryRaw`SELECT id FROM models WHERE id = ${ref.modelId} FOR NO KEY UPDATE`;
  const [row] = await tx.$queryRaw<
    { stage: string; featureSchema: unknown }[]
  >`SELECT stage::text AS stage, "featureSchema" FROM model_versions WHERE id = ${versionId} FOR UPDATE`;
  if (!row || row.stage !== "DESIGN") {
    throw new AppError(
      "CONFLICT",
      `v${ref.number} is in ${row?.stage ?? ref.stage}: feature importance is evidence, written while the version is in DESIGN and immutable once it leaves. Register a new version instead.`,
    );
  }
  const schema = Array.isArray(row.featureSchema) ? (row.featureSchema as { name?: unknown }[]) : [];
  return { id: versionId, number: ref.number, modelId: ref.modelId, featureNames: schema.map((f) => String(f.name)) };
}

/** Stores the importances and audits the change (before/after method and values). */
export async function writeImportance(
  tx: Tx,
  o: { actor: TActor; version: TLockedVersion; importance: TFeatureImportance; source: TImportanceSource },
) {
  const before = await storeImportance(tx, {
    versionId: o.version.id,
    importance: o.importance,
    source: o.source,
    actorId: o.actor.userId,
  });
  await appendAuditEvent(tx, {
    actor: o.actor,
    action: "version.importance_recorded",
    entityType: "version",
    entityId: o.version.id,
    modelId: o.version.modelId,
    before,
    after: { method: o.importance.method, values: o.importance.values, segments: Object.keys(o.importance.segments) },
    metadata: { via: o.source },
  });
}
