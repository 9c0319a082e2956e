import "server-only";
import { getDb } from "@/lib/db/client";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TApprovedFeatures, TSetApprovedFeaturesRequest } from "@/lib/schemas/importance";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "../models/find-model";

/** The model's approved features (GET …/approved-features). */
export async function getApprovedFeatures({
  actor,
  modelRef,
}: {
  actor: TActor;
  modelRef: string;
}): Promise<TApprovedFeatures> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const ref = await findModelRef(db, modelRef);
  const m = await db.model.findUniqueOrThrow({ where: { id: ref.id }, select: { approvedFeatures: true } });
  return { modelId: ref.id, features: m.approvedFeatures };
}

/**
 * Replaces the model's approved features (PUT …/approved-features): the people who may change the model set
 * which features may drive its decisions. Audited with before/after; gates judge it when they next evaluate
 * (a pending request is not re-judged here: the list is policy, not the version's evidence).
 */
export async function setApprovedFeatures({
  actor,
  modelRef,
  input,
}: {
  actor: TActor;
  modelRef: string;
  input: TSetApprovedFeaturesRequest;
}): Promise<TApprovedFeatures> {
  requirePermission(actor, "models:write");
  return runTransaction(async (tx) => {
    const ref = await findModelRef(tx, modelRef);
    requireModelWrite(actor, ref);
    if (ref.archivedAt) throw new AppError("CONFLICT", "The model is archived and can no longer be edited.");
    const [row] = await tx.$queryRaw<
      { approvedFeatures: string[] | null }[]
    >`SELECT "approvedFeatures" FROM models WHERE id = ${ref.id} FOR NO KEY UPDATE`;
    const before = row?.approvedFeatures ?? [];
    await tx.model.update({ where: { id: ref.id }, data: { approvedFeatures: input.features } });
    await appendAuditEvent(tx, {
      actor,
      action: "model.approved_features_updated",
      entityType: "model",
      entityId: ref.id,
      modelId: ref.id,
      before: { approvedFeatures: before },
      after: { approvedFeatures: input.features },
    });
    return { modelId: ref.id, features: input.features };
  });
}
