import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { TRetrainingRequest } from "@/lib/schemas/retraining";

export const RETRAINING_DTO_SELECT = {
  id: true,
  status: true,
  assigneeId: true,
  evidence: true,
  alertId: true,
  linkedVersionId: true,
  createdAt: true,
  updatedAt: true,
  model: { select: { id: true, slug: true, title: true } },
} as const;

type TRow = {
  id: string;
  status: TRetrainingRequest["status"];
  assigneeId: string | null;
  evidence: unknown;
  alertId: string | null;
  linkedVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
  model: TRetrainingRequest["model"];
};

/** Rows → DTOs, with assignees and linked versions read in two batched queries (they are plain ids). */
export async function toRetrainingDtos(db: Db | Tx, rows: TRow[]): Promise<TRetrainingRequest[]> {
  const userIds = [...new Set(rows.map((r) => r.assigneeId).filter((x): x is string => !!x))];
  const versionIds = [...new Set(rows.map((r) => r.linkedVersionId).filter((x): x is string => !!x))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const versions = versionIds.length
    ? await db.modelVersion.findMany({
        where: { id: { in: versionIds } },
        select: { id: true, number: true, stage: true },
      })
    : [];
  const userById = new Map(users.map((u) => [u.id, u]));
  const versionById = new Map(versions.map((v) => [v.id, v]));
  return rows.map((r) => ({
    id: r.id,
    model: r.model,
    status: r.status,
    assignee: r.assigneeId ? (userById.get(r.assigneeId) ?? null) : null,
    evidence: (r.evidence ?? {}) as Record<string, unknown>,
    alertId: r.alertId,
    linkedVersion: r.linkedVersionId ? (versionById.get(r.linkedVersionId) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}
