import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TReferenceSummary } from "@/lib/schemas/monitoring";
import { requirePermission } from "../auth/get-actor";
import { findVersionRef } from "../versions/find-version";
import { REFERENCE_SUMMARY_SELECT, toReferenceSummary } from "./reference-dto";

/** The version's reference dataset, described (rows, columns with type and range or categories); never the data itself. */
export async function getReference({
  actor,
  versionId,
}: {
  actor: TActor;
  versionId: string;
}): Promise<TReferenceSummary> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  await findVersionRef(db, versionId);
  const r = await db.referenceDataset.findUnique({ where: { versionId }, select: REFERENCE_SUMMARY_SELECT });
  if (!r) throw new AppError("NOT_FOUND", "This version has no reference dataset yet; POST one to /reference.");
  const createdBy = r.createdById
    ? await db.user.findUnique({ where: { id: r.createdById }, select: { id: true, name: true } })
    : null;
  return toReferenceSummary(r, createdBy);
}
