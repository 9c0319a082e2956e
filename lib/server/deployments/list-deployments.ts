import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TDeployment, TListDeploymentsQuery } from "@/lib/schemas/deployments";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { findModelRef } from "../models/find-model";
import { DEPLOYMENT_DTO_SELECT, toDeploymentDto } from "./deployment-dto";

/** A model's deployment history, newest first: what ran where, since when, deployed by whom. */
export async function listDeployments({
  actor,
  modelRef,
  query,
}: {
  actor: TActor;
  modelRef: string;
  query: TListDeploymentsQuery;
}): Promise<{ items: TDeployment[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const model = await findModelRef(db, modelRef);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.DeploymentWhereInput = {
    modelId: model.id,
    ...(query.environment ? { environment: { name: query.environment } } : {}),
    ...(cursor
      ? {
          deployedAt: { lte: new Date(cursor.t) },
          OR: [{ deployedAt: { lt: new Date(cursor.t) } }, { deployedAt: new Date(cursor.t), id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await db.deployment.findMany({
    where,
    select: DEPLOYMENT_DTO_SELECT,
    orderBy: [{ deployedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toDeploymentDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.deployedAt.toISOString(), id: last.id }) : null,
  };
}
