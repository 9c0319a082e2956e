import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { TAlert } from "@/lib/schemas/alerts";

export const ALERT_DTO_SELECT = {
  id: true,
  status: true,
  severity: true,
  message: true,
  evidence: true,
  versionId: true,
  openedAt: true,
  acknowledgedAt: true,
  acknowledgedById: true,
  ackNote: true,
  resolvedAt: true,
  resolution: true,
  rule: { select: { id: true, name: true, kind: true, retrain: true } },
  model: { select: { id: true, slug: true, title: true } },
} as const;

type TRow = {
  id: string;
  status: TAlert["status"];
  severity: TAlert["severity"];
  message: string;
  evidence: unknown;
  versionId: string | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedById: string | null;
  ackNote: string;
  resolvedAt: Date | null;
  resolution: string;
  rule: TAlert["rule"];
  model: TAlert["model"];
};

/** Rows → DTOs; version numbers and acknowledgers are plain ids on alerts, read in two batched queries. */
export async function toAlertDtos(db: Db | Tx, rows: TRow[]): Promise<TAlert[]> {
  const versionIds = [...new Set(rows.map((r) => r.versionId).filter((x): x is string => !!x))];
  const userIds = [...new Set(rows.map((r) => r.acknowledgedById).filter((x): x is string => !!x))];
  const versions = versionIds.length
    ? await db.modelVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, number: true } })
    : [];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const userById = new Map(users.map((u) => [u.id, u]));
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    severity: a.severity,
    message: a.message,
    evidence: (a.evidence ?? {}) as Record<string, unknown>,
    rule: a.rule,
    model: a.model,
    version: a.versionId ? (versionById.get(a.versionId) ?? null) : null,
    openedAt: a.openedAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedById ? (userById.get(a.acknowledgedById) ?? null) : null,
    ackNote: a.ackNote,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    resolution: a.resolution,
  }));
}
