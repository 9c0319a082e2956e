import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TVersion } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { toVersionDtoFromSqlRow, VERSION_DTO_SQL, type TVersionSqlRow } from "./version-dto";

export async function getVersion({ actor, versionId }: { actor: TActor; versionId: string }): Promise<TVersion> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [v] = await db.$queryRaw<TVersionSqlRow[]>(Prisma.sql`${VERSION_DTO_SQL} WHERE v."id" = ${versionId}`);
  if (!v) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  return toVersionDtoFromSqlRow(v);
}

/** A version by model slug and number, as the UI addresses it. */
export async function getVersionByNumber({
  actor,
  modelSlug,
  number,
}: {
  actor: TActor;
  modelSlug: string;
  number: number;
}): Promise<TVersion> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  // (modelId, number) is unique and so is the slug: at most one row.
  const [v] = await db.$queryRaw<TVersionSqlRow[]>(
    Prisma.sql`${VERSION_DTO_SQL} WHERE m."slug" = ${modelSlug} AND v."number" = ${number}`,
  );
  if (!v) throw new AppError("NOT_FOUND", `No version ${number} of "${modelSlug}".`);
  return toVersionDtoFromSqlRow(v);
}
