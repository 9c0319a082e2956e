import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TModel, TUpdateModelRequest } from "@/lib/schemas/models";
import { lockModel } from "./lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { findModelRef, requireModelWrite } from "./find-model";
import { MODEL_DTO_SELECT, toModelDto } from "./model-dto";
import { runTransaction } from "@/lib/db/run-transaction";

const EDITABLE = ["title", "description", "problemType", "criticality", "tags"] as const;

/** Edits descriptive fields (owners change only through handoffs); the row is locked so concurrent edits serialise. */
export async function updateModel({
  actor,
  modelRef,
  input,
}: {
  actor: TActor;
  modelRef: string;
  input: TUpdateModelRequest;
}): Promise<TModel> {
  requirePermission(actor, "models:write");
  return runTransaction(async (tx) => {
    const ref = await findModelRef(tx, modelRef);
    requireModelWrite(actor, ref);
    if (ref.archivedAt) throw new AppError("CONFLICT", "The model is archived and can no longer be edited.");
    await lockModel(tx, { modelId: ref.id });
    const before = await tx.model.findUniqueOrThrow({
      where: { id: ref.id },
      select: { title: true, description: true, problemType: true, criticality: true, tags: true },
    });
    const model = await tx.model.update({ where: { id: ref.id }, data: input, select: MODEL_DTO_SELECT });
    const changed = EDITABLE.filter(
      (k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(before[k]),
    );
    await appendAuditEvent(tx, {
      actor,
      action: "model.updated",
      entityType: "model",
      entityId: ref.id,
      modelId: ref.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
    });
    return toModelDto(model);
  });
}
