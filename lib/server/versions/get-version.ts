import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TVersion } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { toVersionDto, VERSION_DTO_SELECT } from "./version-dto";

export async function getVersion({ actor, versionId }: { actor: TActor; versionId: string }): Promise<TVersion> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const v = await db.modelVersion.findUnique({ where: { id: versionId }, select: VERSION_DTO_SELECT });
  if (!v) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  return toVersionDto(v);
}

/** A version by model slug and number, as the UI addresses it. */
export async function getVersionByNumber({ actor, modelSlug, number }: { actor: TActor; modelSlug: string; number: number }): Promise<TVersion> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const v = await db.modelVersion.findFirst({ where: { number, model: { slug: modelSlug } }, select: VERSION_DTO_SELECT });
  if (!v) throw new AppError("NOT_FOUND", `No version ${number} of "${modelSlug}".`);
  return toVersionDto(v);
}
