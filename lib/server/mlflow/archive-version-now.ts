import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { checkPromotionRequest } from "@/lib/domain/promotions/promotion-rules";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { applyPromotion } from "../promotions/apply-promotion";
import { mlflowError } from "./mlflow-error";

/**
 * Archives a version inside the caller's transaction, as Modelgate's own archive request does
 * (lib/server/promotions/request-promotion.ts): no gate, any pending request cancelled, an APPLIED
 * ARCHIVED request, stage history, audit and outbox event. Refused while the version is live in production.
 */
export async function archiveVersionNow(
  tx: Tx,
  actor: TActor,
  v: { id: string; number: number; stage: TStage; modelId: string },
  reason: string,
): Promise<boolean> {
  if (v.stage === "ARCHIVED") return false;
  const check = checkPromotionRequest(actor, v.stage, "ARCHIVED");
  if (!check.ok) throw mlflowError("PERMISSION_DENIED", check.message);
  if (
    await tx.deployment.count({ where: { versionId: v.id, status: "ACTIVE", environment: { isProduction: true } } })
  ) {
    throw mlflowError(
      "RESOURCE_CONFLICT",
      `Version ${v.number} is live in production. Roll it back or deploy another version from Modelgate before archiving it.`,
    );
  }
  const now = new Date();
  await tx.transitionRequest.updateMany({
    where: { versionId: v.id, status: "PENDING" },
    data: { status: "CANCELLED", resolution: "Version archived", decidedAt: now },
  });
  const req = await tx.transitionRequest.create({
    data: {
      versionId: v.id,
      fromStage: v.stage,
      toStage: "ARCHIVED",
      requesterId: actor.userId,
      justification: reason,
    },
    select: { id: true },
  });
  await applyPromotion(tx, {
    actor,
    requestId: req.id,
    versionId: v.id,
    modelId: v.modelId,
    number: v.number,
    from: v.stage,
    to: "ARCHIVED",
    reason,
  });
  return true;
}
