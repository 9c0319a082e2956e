import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import { ZListDeliveriesQuery, type TListDeliveriesQuery, type TListDeliveriesResponse } from "@/lib/schemas/webhooks";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor, isTimeIdCursor } from "../http/cursor";
import { DELIVERY_DTO_SELECT, toDeliveryDto } from "./webhook-dto";

/** One webhook's deliveries, newest first, each with its attempts; filter by status. Throws NOT_FOUND for unknown webhooks. */
export async function listDeliveries({
  actor,
  webhookId,
  query: raw,
}: {
  actor: TActor;
  webhookId: string;
  query: TListDeliveriesQuery;
}): Promise<TListDeliveriesResponse> {
  requirePermission(actor, "webhooks:manage");
  const query = ZListDeliveriesQuery.parse(raw);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const db = await getDb();
  if (!(await db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", "No webhook with this id.");
  const where: Prisma.WebhookDeliveryWhereInput = {
    AND: [
      { webhookId },
      query.status ? { status: query.status } : {},
      cursor
        ? {
            createdAt: { lte: new Date(cursor.t) },
            OR: [{ createdAt: { lt: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { lt: cursor.id } }],
          }
        : {},
    ],
  };
  const rows = await db.webhookDelivery.findMany({
    where,
    select: DELIVERY_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toDeliveryDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
