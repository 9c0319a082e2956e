import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TAlert, TListAlertsQuery } from "@/lib/schemas/alerts";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { findModelRef } from "../models/find-model";
import { ALERT_DTO_SELECT, toAlertDtos } from "./alert-dto";

/** Alerts, newest first, filtered by status (UNRESOLVED = open or acknowledged), severity, model and kind. */
export async function listAlerts({
  actor,
  query,
}: {
  actor: TActor;
  query: TListAlertsQuery;
}): Promise<{ items: TAlert[]; nextCursor: string | null }> {
  requirePermission(actor, "alerts:read");
  const db = await getDb();
  const modelId = query.modelId ? (await findModelRef(db, query.modelId)).id : undefined;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.AlertWhereInput = {
    ...(query.status === "UNRESOLVED" ? { status: { not: "RESOLVED" } } : query.status ? { status: query.status } : {}),
    ...(query.severity ? { severity: query.severity } : {}),
    ...(modelId ? { modelId } : {}),
    ...(query.kind ? { rule: { kind: query.kind } } : {}),
    ...(cursor
      ? {
          openedAt: { lte: new Date(cursor.t) },
          OR: [{ openedAt: { lt: new Date(cursor.t) } }, { openedAt: new Date(cursor.t), id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await db.alert.findMany({
    where,
    select: ALERT_DTO_SELECT,
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toAlertDtos(db, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.openedAt.toISOString(), id: last.id }) : null,
  };
}

/** Models that have alert rules, for the alerts page's model filter. */
export async function listAlertModelOptions({ actor }: { actor: TActor }): Promise<{ id: string; slug: string }[]> {
  requirePermission(actor, "alerts:read");
  const db = await getDb();
  return db.model.findMany({
    where: { alertRules: { some: {} } },
    select: { id: true, slug: true },
    orderBy: { slug: "asc" },
  });
}
