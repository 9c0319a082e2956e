import "server-only";
import type { JSONType } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  decodeAuditCursor,
  encodeAuditCursor,
  type TAuditEvent,
  type TListAuditQuery,
  type TListAuditResponse,
} from "@/lib/schemas/audit";
import { requirePermission } from "../auth/get-actor";

type Row = Omit<TAuditEvent, "seq" | "position" | "createdAt" | "before" | "after" | "metadata"> & {
  seq: bigint;
  position: bigint | null;
  createdAt: Date;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  metadata: Prisma.JsonValue;
};

// Prisma's JsonObject allows `undefined` members in its type; values read back from jsonb never hold one.
const asJson = (v: Prisma.JsonValue): JSONType => v as JSONType;

function toAuditEventDto(r: Row): TAuditEvent {
  return {
    ...r,
    seq: r.seq.toString(),
    position: r.position?.toString() ?? null,
    before: asJson(r.before),
    after: asJson(r.after),
    metadata: asJson(r.metadata),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * One page of the audit log, newest first (seq desc), filtered by exact match. Keyset pagination on seq,
 * so pages stay stable while new events are appended. Throws VALIDATION_FAILED (`query.cursor`) for a
 * cursor this API did not issue.
 */
export async function listAuditEvents({
  actor,
  query,
}: {
  actor: TActor;
  query: TListAuditQuery;
}): Promise<TListAuditResponse> {
  requirePermission(actor, "audit:read");
  const before = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
  if (before === null) {
    throw new AppError("VALIDATION_FAILED", "The request query is invalid.", {
      errors: [{ path: "query.cursor", message: "Not a cursor this API returned." }],
    });
  }
  const db = await getDb();
  // Empty strings come from blank filter fields of the page's GET form: they mean "any".
  const rows = await db.auditEvent.findMany({
    where: {
      entityType: query.entityType || undefined,
      entityId: query.entityId || undefined,
      modelId: query.modelId || undefined,
      actorId: query.actorId || undefined,
      action: query.action || undefined,
      seq: before === undefined ? undefined : { lt: before },
    },
    orderBy: { seq: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  return {
    items: page.map((r) => toAuditEventDto(r)),
    nextCursor: hasMore ? encodeAuditCursor(page[page.length - 1]!.seq) : null,
  };
}
