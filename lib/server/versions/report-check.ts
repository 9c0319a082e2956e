import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { ZReportCheckRequest, type TReportCheckRequest } from "@/lib/schemas/models";
import { lockModel } from "../models/lock-model";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { findVersionRef } from "./find-version";
import { reevaluateVersion } from "../promotions/evaluate-pending";
import { runTransaction } from "@/lib/db/run-transaction";

const CHECK_SELECT = {
  id: true,
  versionId: true,
  name: true,
  status: true,
  url: true,
  details: true,
  createdAt: true,
} as const;

type CheckRow = {
  id: string;
  versionId: string;
  name: string;
  status: "PASS" | "FAIL" | "RUNNING" | "SKIPPED";
  url: string | null;
  details: unknown;
  createdAt: Date;
};
const toDto = (c: CheckRow) => ({
  ...c,
  details: (c.details ?? {}) as Record<string, unknown>,
  createdAt: c.createdAt.toISOString(),
});

/** CI reports evidence (`unit-tests: PASS`) for a version; each report is kept, the latest per name counts. */
export async function reportCheck({
  actor,
  versionId,
  input: raw,
}: {
  actor: TActor;
  versionId: string;
  input: TReportCheckRequest;
}) {
  requirePermission(actor, "checks:report");
  const input = ZReportCheckRequest.parse(raw);
  return runTransaction(async (tx) => {
    if (!(await lockModel(tx, { versionId }))) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
    const ref = await findVersionRef(tx, versionId);
    requireModelWrite(actor, ref.model);
    const c = await tx.checkResult.create({
      data: {
        versionId,
        name: input.name,
        status: input.status,
        url: input.url ?? null,
        details: input.details as object,
        reportedById: actor.userId,
      },
      select: CHECK_SELECT,
    });
    await appendAuditEvent(tx, {
      actor,
      action: "check.reported",
      entityType: "version",
      entityId: versionId,
      modelId: ref.modelId,
      after: { name: input.name, status: input.status, url: input.url ?? null },
    });
    // New evidence may open the gate of a pending request (e.g. the automated UAT gate).
    await reevaluateVersion(tx, actor, versionId);
    return toDto(c);
  });
}

/** Every check report of a version, newest first. */
export async function listChecks({ actor, versionId }: { actor: TActor; versionId: string }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  await findVersionRef(db, versionId);
  const rows = await db.checkResult.findMany({
    where: { versionId },
    select: CHECK_SELECT,
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toDto);
}
