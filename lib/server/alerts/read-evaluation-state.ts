import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import type { TAlertStatus } from "@/lib/domain/alerts/alert-lifecycle";
import type { TAlertKind, TSeverity } from "@/lib/domain/alerts/alert-rules";

export type TRuleRow = {
  id: string;
  modelId: string;
  versionId: string | null;
  name: string;
  kind: TAlertKind;
  config: unknown;
  severity: TSeverity;
  retrain: boolean;
  enabled: boolean;
};

export type TLiveVersion = { versionId: string; number: number; deployedAt: Date };

export type TUnresolvedAlertRow = {
  id: string;
  ruleId: string;
  status: Exclude<TAlertStatus, "RESOLVED">;
  versionId: string | null;
  openedAt: Date;
};

/** A metric average to read: one period of one metric of one version. */
export type TMetricSlot = { versionId: string; metric: string; from: number; to: number };

export type TEvaluationState = {
  /** The model's rules, enabled or not, in id order. */
  rules: TRuleRow[];
  /** Environments whose data counts: "production" and every environment flagged isProduction. */
  environments: string[];
  /** Versions of the model with an ACTIVE deployment in a production environment. */
  live: Map<string, TLiveVersion>;
  /** The one a rule without a version watches: the most recently deployed live version. */
  primary: TLiveVersion | null;
  unresolved: TUnresolvedAlertRow[];
  /** Averages of the requested slots, by their index. */
  averages: { avg: number | null; count: number }[];
};

type TRow = { k: "rule" | "live" | "alert" | "metric"; i: number; j: Record<string, unknown> | null };

// Production data: "production" always, plus any environment flagged isProduction (as monitoring/refresh-version-health.ts).
const PRODUCTION_DATA = Prisma.sql`(m.environment = 'production' OR m.environment IN (SELECT name FROM environments WHERE "isProduction"))`;

/**
 * Everything an evaluation judges against, in one statement: the model's rules, its live production
 * versions, its unresolved alerts, and the requested metric averages (each branch with its own constant
 * parameters, so the planner sees each metric name's real selectivity). The caller passes the slots the
 * rules it saw last time need (evaluate-alert-rules.ts) and checks them against `rules`, so the steady state
 * of an ingestion is this one round trip.
 */
export async function readEvaluationState(
  tx: Tx,
  o: { modelId: string; slots: TMetricSlot[] },
): Promise<TEvaluationState> {
  const branches = [
    Prisma.sql`
      SELECT 'rule' AS k, 0 AS i, json_build_object('id', r.id, 'modelId', r."modelId", 'versionId', r."versionId", 'name', r.name, 'kind', r.kind,
        'config', r.config, 'severity', r.severity, 'retrain', r.retrain, 'enabled', r.enabled) AS j
      FROM alert_rules r WHERE r."modelId" = ${o.modelId} AND r.kind <> 'ARTIFACT_INTEGRITY'`,
    Prisma.sql`
      SELECT 'live', 0, json_build_object('env', e.name, 'versionId', d."versionId", 'number', v.number, 'deployedAt', d."deployedAt")
      FROM environments e
      LEFT JOIN deployments d ON d."environmentId" = e.id AND d."modelId" = ${o.modelId} AND d.status = 'ACTIVE'
      LEFT JOIN model_versions v ON v.id = d."versionId"
      WHERE e."isProduction"`,
    Prisma.sql`
      SELECT 'alert', 0, json_build_object('id', a.id, 'ruleId', a."ruleId", 'status', a.status, 'versionId', a."versionId", 'openedAt', a."openedAt")
      FROM alerts a WHERE a."modelId" = ${o.modelId} AND a.status <> 'RESOLVED'
        AND NOT EXISTS (SELECT 1 FROM alert_rules ir WHERE ir.id = a."ruleId" AND ir.kind = 'ARTIFACT_INTEGRITY')`,
    ...o.slots.map(
      (s, i) => Prisma.sql`
        SELECT 'metric', ${i}::int, json_build_object('avg', avg(m.value), 'count', count(*))
        FROM metric_points m
        WHERE m."versionId" = ${s.versionId} AND m.name = ${s.metric} AND ${PRODUCTION_DATA}
          AND m.ts > ${new Date(s.from).toISOString()}::timestamptz AND m.ts <= ${new Date(s.to).toISOString()}::timestamptz`,
    ),
  ];
  const rows = await tx.$queryRaw<TRow[]>`${Prisma.join(branches, " UNION ALL ")}`;
  const state: TEvaluationState = {
    rules: [],
    environments: ["production"],
    live: new Map(),
    primary: null,
    unresolved: [],
    averages: o.slots.map(() => ({ avg: null, count: 0 })),
  };
  for (const { k, i, j } of rows) {
    if (!j) continue;
    if (k === "rule") state.rules.push(j as TRuleRow);
    else if (k === "live") addLive(state, j);
    else if (k === "alert") {
      state.unresolved.push({
        id: String(j.id),
        ruleId: String(j.ruleId),
        status: j.status as TUnresolvedAlertRow["status"],
        versionId: (j.versionId as string | null) ?? null,
        openedAt: new Date(String(j.openedAt)),
      });
    } else state.averages[i] = { avg: typeof j.avg === "number" ? j.avg : null, count: Number(j.count ?? 0) };
  }
  state.rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  state.primary = [...state.live.values()].sort((a, b) => b.deployedAt.getTime() - a.deployedAt.getTime())[0] ?? null;
  return state;
}

/** The metric averages alone (a second read, when the slots could not be known before the first). */
export async function readMetricAverages(tx: Tx, slots: TMetricSlot[]): Promise<TEvaluationState["averages"]> {
  if (!slots.length) return [];
  const branches = slots.map(
    (s, i) => Prisma.sql`
      SELECT ${i}::int AS i, avg(m.value)::float8 AS avg, count(*)::int AS n
      FROM metric_points m
      WHERE m."versionId" = ${s.versionId} AND m.name = ${s.metric} AND ${PRODUCTION_DATA}
        AND m.ts > ${new Date(s.from).toISOString()}::timestamptz AND m.ts <= ${new Date(s.to).toISOString()}::timestamptz`,
  );
  const rows = await tx.$queryRaw<
    { i: number; avg: number | null; n: number }[]
  >`${Prisma.join(branches, " UNION ALL ")}`;
  const out = slots.map(() => ({ avg: null as number | null, count: 0 }));
  for (const r of rows) out[r.i] = { avg: r.avg, count: r.n };
  return out;
}

function addLive(state: TEvaluationState, j: Record<string, unknown>): void {
  if (!state.environments.includes(String(j.env))) state.environments.push(String(j.env));
  if (!j.versionId) return;
  const v = { versionId: String(j.versionId), number: Number(j.number), deployedAt: new Date(String(j.deployedAt)) };
  const seen = state.live.get(v.versionId);
  // A version live in two production environments counts from its earliest deployment.
  if (!seen || v.deployedAt < seen.deployedAt) state.live.set(v.versionId, v);
}
