import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TVersion } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { findModelRef } from "../models/find-model";
import { toVersionDto, VERSION_DTO_SELECT } from "./version-dto";

// A version number: a positive 32-bit integer (a forged 1e300 would overflow the column's type in the query: 500).
const isCursor = (v: unknown): v is { n: number } =>
  !!v &&
  Number.isInteger((v as { n: unknown }).n) &&
  (v as { n: number }).n > 0 &&
  (v as { n: number }).n <= 2_147_483_647;

/** A model's versions, newest first, keyset-paginated on the version number. */
export async function listVersions({
  actor,
  modelRef,
  query,
}: {
  actor: TActor;
  modelRef: string;
  query: { stage?: TStage; limit: number; cursor?: string };
}): Promise<{ items: TVersion[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const model = await findModelRef(db, modelRef);
  const cursor = decodeCursor(query.cursor, isCursor);
  const where: Prisma.ModelVersionWhereInput = {
    modelId: model.id,
    ...(query.stage ? { stage: query.stage } : {}),
    ...(cursor ? { number: { lt: cursor.n } } : {}),
  };
  const rows = await db.modelVersion.findMany({
    where,
    select: VERSION_DTO_SELECT,
    orderBy: { number: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toVersionDto),
    nextCursor: rows.length > query.limit ? encodeCursor({ n: page[page.length - 1]!.number }) : null,
  };
}
