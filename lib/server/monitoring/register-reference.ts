import "server-only";
import { getDb } from "@/lib/db/client";
import { summarizeColumns } from "@/lib/domain/monitoring/summarize-columns";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TRegisterReferenceResponse } from "@/lib/schemas/monitoring";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { runIdempotent, type TIdempotency, type TIdempotentResult } from "../http/idempotency";
import { reevaluateVersion } from "../promotions/evaluate-pending";
import { findIngestTarget } from "./find-ingest-target";
import { toReferenceSummary } from "./reference-dto";
import { storeReference } from "./store-reference";
import { validateColumnsInput, type TColumnsInput } from "./validate-columns-input";

/**
 * Registers the version's reference dataset (the data drift is measured against), replacing an earlier
 * one if any; the replacement is audited with the sizes before and after. Windows already ingested keep
 * the drift computed against the reference of their time. A registered reference is gate evidence
 * (UAT requires one), so a pending request of the version is re-judged in the same transaction.
 */
export async function registerReference(o: {
  actor: TActor;
  versionId: string;
  input: TColumnsInput;
  idempotency: TIdempotency | null;
}): Promise<TIdempotentResult<TRegisterReferenceResponse>> {
  requirePermission(o.actor, "monitoring:ingest");
  const db = await getDb();
  const target = await findIngestTarget(db, o.actor, o.versionId);
  return runIdempotent({
    db,
    idempotency: o.idempotency,
    status: 201,
    prepare: () => {
      const checked = validateColumnsInput(o.input, {
        schema: target.featureSchema,
        problemType: target.model.problemType,
      });
      return { ...checked, summary: summarizeColumns(target.featureSchema, checked.batch) };
    },
    write: async (tx, { batch, findings, rowCount, summary }): Promise<TRegisterReferenceResponse> => {
      // Lock order (docs/ARCHITECTURE.md): this writes the version's (and maybe the model's) health.
      await lockModel(tx, { modelId: target.modelId });
      const { before, createdAt } = await storeReference(tx, {
        versionId: target.id,
        batch,
        rowCount,
        summary,
        createdById: o.actor.userId,
      });
      await appendAuditEvent(tx, {
        actor: o.actor,
        action: before ? "monitoring.reference_replaced" : "monitoring.reference_registered",
        entityType: "version",
        entityId: target.id,
        modelId: target.modelId,
        before: before ? { rowCount: before.rowCount, registeredAt: before.createdAt } : undefined,
        after: {
          rowCount,
          columns: summary.map((c) => c.name),
          findings: { unknownColumns: findings.unknownColumns, absentColumns: findings.absentColumns },
        },
      });
      await reevaluateVersion(tx, o.actor, target.id);
      const dto = toReferenceSummary(
        { versionId: target.id, rowCount, summary, createdAt },
        { id: o.actor.userId, name: o.actor.name },
      );
      return { ...dto, findings, replaced: !!before };
    },
    transactionOptions: { timeoutMs: 60_000 },
  });
}
