import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListWindowsQuery, TQualityFindingsDto, TSampleWindow, TWindowSummary } from "@/lib/schemas/monitoring";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { findVersionRef } from "../versions/find-version";

/** A version's ingested windows, latest first (by window end), with their summary, findings and drift per feature. */
export async function listWindows({
  actor,
  versionId,
  query,
}: {
  actor: TActor;
  versionId: string;
  query: TListWindowsQuery;
}): Promise<{ items: TSampleWindow[]; nextCursor: string | null }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  await findVersionRef(db, versionId);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const where: Prisma.SampleWindowWhereInput = {
    versionId,
    ...(query.environment ? { environment: query.environment } : {}),
    ...(cursor
      ? {
          windowEnd: { lte: new Date(cursor.t) },
          OR: [{ windowEnd: { lt: new Date(cursor.t) } }, { windowEnd: new Date(cursor.t), id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await db.sampleWindow.findMany({
    where,
    orderBy: [{ windowEnd: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      versionId: true,
      environment: true,
      windowStart: true,
      windowEnd: true,
      rowCount: true,
      createdAt: true,
      summary: true,
      quality: true,
      driftResults: {
        select: { feature: true, method: true, value: true, pValue: true, drifted: true },
        orderBy: { feature: "asc" },
      },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((w) => ({
      id: w.id,
      versionId: w.versionId,
      environment: w.environment,
      windowStart: w.windowStart.toISOString(),
      windowEnd: w.windowEnd.toISOString(),
      rowCount: w.rowCount,
      createdAt: w.createdAt.toISOString(),
      summary: w.summary as unknown as TWindowSummary,
      findings: w.quality as unknown as TQualityFindingsDto,
      drift: w.driftResults,
    })),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.windowEnd.toISOString(), id: last.id }) : null,
  };
}
