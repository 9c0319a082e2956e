import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { describeRule, toRuleSpec, type TStoredAlertKind } from "@/lib/domain/alerts/alert-rules";
import type { TAlertRule } from "@/lib/schemas/alerts";

export const ALERT_RULE_DTO_SELECT = {
  id: true,
  modelId: true,
  versionId: true,
  name: true,
  kind: true,
  config: true,
  severity: true,
  retrain: true,
  enabled: true,
  createdAt: true,
  alerts: {
    where: { status: { not: "RESOLVED" } },
    select: { id: true, status: true, openedAt: true, message: true },
    take: 1,
  },
} as const;

type TRow = {
  id: string;
  modelId: string;
  versionId: string | null;
  name: string;
  kind: TStoredAlertKind;
  config: unknown;
  severity: TAlertRule["severity"];
  retrain: boolean;
  enabled: boolean;
  createdAt: Date;
  alerts: {
    id: string;
    status: TAlertRule["severity"] | "OPEN" | "ACKNOWLEDGED" | "RESOLVED";
    openedAt: Date;
    message: string;
  }[];
};

export async function toAlertRuleDtos(db: Db | Tx, rows: TRow[]): Promise<TAlertRule[]> {
  const versionIds = [...new Set(rows.map((r) => r.versionId).filter((x): x is string => !!x))];
  const versions = versionIds.length
    ? await db.modelVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, number: true } })
    : [];
  const byId = new Map(versions.map((v) => [v.id, v]));
  return rows.map((r) => {
    const spec = toRuleSpec(r.kind, r.config);
    const alert = r.alerts[0];
    return {
      id: r.id,
      modelId: r.modelId,
      version: r.versionId ? (byId.get(r.versionId) ?? null) : null,
      name: r.name,
      kind: r.kind,
      config: (r.config ?? {}) as Record<string, unknown>,
      summary: spec ? describeRule(spec) : "Invalid configuration",
      severity: r.severity,
      retrain: r.retrain,
      enabled: r.enabled,
      alert: alert
        ? {
            id: alert.id,
            status: alert.status as "OPEN" | "ACKNOWLEDGED",
            openedAt: alert.openedAt.toISOString(),
            message: alert.message,
          }
        : null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}
