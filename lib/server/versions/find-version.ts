import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** A version with the ownership facts of its model, or NOT_FOUND. */
export async function findVersionRef(db: Db | Tx, versionId: string) {
  const v = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      number: true,
      stage: true,
      status: true,
      createdById: true,
      modelId: true,
      model: {
        select: {
          id: true,
          slug: true,
          teamId: true,
          dsOwnerId: true,
          itOwnerId: true,
          criticality: true,
          problemType: true,
          archivedAt: true,
        },
      },
    },
  });
  if (!v) throw new AppError("NOT_FOUND", `No version "${versionId}".`);
  return v;
}
