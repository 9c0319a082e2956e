import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TVersion } from "@/lib/schemas/models";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { findVersionRef } from "./find-version";
import { toVersionDto, VERSION_DTO_SELECT } from "./version-dto";
import { runTransaction } from "@/lib/db/run-transaction";

/** Versions are immutable evidence (artifact, metrics, schema); only the description can change. */
export async function updateVersion({
  actor,
  versionId,
  description,
}: {
  actor: TActor;
  versionId: string;
  description: string;
}): Promise<TVersion> {
  requirePermission(actor, "models:write");
  return runTransaction(async (tx) => {
    const ref = await findVersionRef(tx, versionId);
    requireModelWrite(actor, ref.model);
    const before = await tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: { description: true } });
    const v = await tx.modelVersion.update({
      where: { id: versionId },
      data: { description },
      select: VERSION_DTO_SELECT,
    });
    await appendAuditEvent(tx, {
      actor,
      action: "version.updated",
      entityType: "version",
      entityId: versionId,
      modelId: ref.modelId,
      before,
      after: { description },
    });
    return toVersionDto(v);
  });
}
