import "server-only";
import { runTransaction } from "@/lib/db/run-transaction";
import { assessModelCard } from "@/lib/domain/model-cards/model-card";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZUpdateModelCardRequest, type TModelCard, type TUpdateModelCardRequest } from "@/lib/schemas/model-cards";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "../models/find-model";
import { lockModel } from "../models/lock-model";
import { reevaluateVersion } from "../promotions/evaluate-pending";
import { readModelCard } from "./get-model-card";

/**
 * Replaces a model's card (PUT …/models/{id}/card): the people who may change the model write its card. One
 * transaction: the model row lock first (lock order, docs/ARCHITECTURE.md), the update, the audit event with
 * the text before and after, then every pending request of the model is re-judged — a completed card can open a
 * gate that requires it, as new evidence does. Archived models answer 409; an unchanged card is a no-op.
 */
export async function updateModelCard({
  actor,
  modelRef,
  input: raw,
}: {
  actor: TActor;
  modelRef: string;
  input: TUpdateModelCardRequest;
}): Promise<TModelCard> {
  requirePermission(actor, "models:write");
  const input = ZUpdateModelCardRequest.parse(raw);
  // Line endings do not change a card; storing one form keeps the audit diff to real edits.
  const markdown = input.markdown.replace(/\r\n?/g, "\n");
  return runTransaction(async (tx) => {
    const found = await findModelRef(tx, modelRef);
    if (!(await lockModel(tx, { modelId: found.id }))) throw new AppError("NOT_FOUND", `No model "${modelRef}".`);
    const ref = await findModelRef(tx, found.id);
    requireModelWrite(actor, ref);
    if (ref.archivedAt) throw new AppError("CONFLICT", "The model is archived and can no longer be edited.");
    const current = await tx.model.findUniqueOrThrow({ where: { id: ref.id }, select: { modelCard: true } });
    if (current.modelCard === markdown) return readModelCard(tx, ref.id);
    await tx.model.update({
      where: { id: ref.id },
      data: { modelCard: markdown, modelCardUpdatedAt: new Date(), modelCardUpdatedById: actor.userId },
    });
    const was = assessModelCard(current.modelCard).complete;
    const is = assessModelCard(markdown).complete;
    await appendAuditEvent(tx, {
      actor,
      action: "model.card_updated",
      entityType: "model",
      entityId: ref.id,
      modelId: ref.id,
      before: { modelCard: current.modelCard, complete: was },
      after: { modelCard: markdown, complete: is },
    });
    const pending = await tx.transitionRequest.findMany({
      where: { status: "PENDING", version: { modelId: ref.id } },
      select: { versionId: true },
    });
    for (const p of pending) await reevaluateVersion(tx, actor, p.versionId);
    return readModelCard(tx, ref.id);
  });
}
