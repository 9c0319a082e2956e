import "server-only";
import { validateAlias } from "@/lib/domain/mlflow/aliases";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import { planStageTransition } from "@/lib/domain/mlflow/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { advanceVersion, gateClosedError } from "./advance-version";
import { productionAlias } from "./config";
import { requireModelByName, requireVersionByName } from "./find-registry-ref";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * setRegisteredModelAlias. Any alias but the production one is a plain pointer (audited). The production
 * alias ("champion") always names the live version, so pointing it at another version asks for that
 * version's promotion to production: it moves only when every gate on the way is open; otherwise the
 * request stays pending and the caller gets PERMISSION_DENIED naming it.
 */
export async function setRegisteredModelAlias({
  actor,
  name,
  alias,
  version,
}: {
  actor: TActor;
  name: string;
  alias: string;
  version: string;
}): Promise<void> {
  requirePermission(actor, "models:write");
  validateAlias(alias);
  if (alias === productionAlias()) {
    requirePermission(actor, "promotions:request");
    const blocked = await runTransaction(async (tx) => {
      const v = await requireVersionByName(tx, name, version, { lock: true });
      requireModelWrite(actor, v.model);
      const plan = planStageTransition(v.stage, "Production");
      if (plan.kind === "refuse")
        throw new MlflowInputError(`The ${alias} alias names the live production version. ${plan.reason}`);
      if (plan.kind !== "promote") return null;
      const outcome = await advanceVersion(
        tx,
        actor,
        { id: v.id, number: v.number, modelId: v.model.id, slug: v.model.slug, criticality: v.model.criticality },
        plan.steps,
        `Requested through MLflow: point the ${alias} alias at version ${v.number}`,
      );
      return outcome.waiting
        ? gateClosedError(name, v.number, v.model.slug, { ...outcome, waiting: outcome.waiting }, `the ${alias} alias`)
        : null;
    });
    if (blocked) throw blocked;
    return;
  }
  await runTransaction(async (tx) => {
    const model = await requireModelByName(tx, name, { lock: true });
    requireModelWrite(actor, model);
    const v = await requireVersionByName(tx, name, version);
    const before = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias } },
      select: { versionId: true, version: { select: { number: true } } },
    });
    if (before?.versionId === v.id) return;
    await tx.modelAlias.upsert({
      where: { modelId_alias: { modelId: model.id, alias } },
      create: { modelId: model.id, alias, versionId: v.id },
      update: { versionId: v.id },
    });
    await tx.model.update({ where: { id: model.id }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      action: "model.alias_set",
      entityType: "model",
      entityId: model.id,
      modelId: model.id,
      before: before ? { alias, version: before.version.number } : null,
      after: { alias, version: v.number },
      metadata: { via: "mlflow" },
    });
  });
}
