import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TProblemType } from "@/lib/domain/gates/policy";
import { assessHealth, defaultHealthRules } from "@/lib/domain/monitoring/health";
import {
  combineHealth,
  WINDOW_HEALTH_MAX_AGE_DAYS,
  type THealthAssessment,
} from "@/lib/domain/monitoring/window-health";

const DAY = 86_400_000;

/** Environments whose data speaks for the version's health: "production" and any flagged isProduction. */
export async function productionEnvironments(tx: Tx): Promise<string[]> {
  const rows = await tx.environment.findMany({ where: { isProduction: true }, select: { name: true } });
  return [...new Set(["production", ...rows.map((r) => r.name)])];
}

/**
 * Recomputes a version's health (lib/domain/monitoring/window-health.ts): the worse of its latest production
 * window (if it ended within WINDOW_HEALTH_MAX_AGE_DAYS) and the average of each health metric over the
 * last 24 h of production points. Writes it on the version, and on the model when this version is the
 * one live in production. Runs inside the caller's transaction.
 */
export async function refreshVersionHealth(
  tx: Tx,
  o: { versionId: string; modelId: string; problemType: TProblemType; now: Date },
): Promise<THealthAssessment> {
  const environments = await productionEnvironments(tx);
  const rules = defaultHealthRules(o.problemType);
  // Sequential on purpose: a transaction is one connection, and pg refuses overlapping queries on it.
  const latest = await tx.sampleWindow.findFirst({
    where: {
      versionId: o.versionId,
      environment: { in: environments },
      windowEnd: { gte: new Date(o.now.getTime() - WINDOW_HEALTH_MAX_AGE_DAYS * DAY) },
    },
    orderBy: [{ windowEnd: "desc" }, { createdAt: "desc" }],
    select: { summary: true },
  });
  const averages = await tx.metricPoint.groupBy({
    by: ["name"],
    where: {
      versionId: o.versionId,
      environment: { in: environments },
      name: { in: rules.map((r) => r.metric) },
      ts: { gte: new Date(o.now.getTime() - DAY), lte: o.now },
    },
    _avg: { value: true },
  });
  const live = await tx.deployment.count({
    where: { versionId: o.versionId, status: "ACTIVE", environment: { isProduction: true } },
  });
  const window = latest ? (latest.summary as unknown as THealthAssessment) : null;
  const metrics = assessHealth(Object.fromEntries(averages.map((a) => [a.name, a._avg.value ?? undefined])), rules);
  const health = combineHealth(window ? { health: window.health, reasons: window.reasons } : null, metrics);
  await tx.modelVersion.update({
    where: { id: o.versionId },
    data: { health: health.health, healthReasons: health.reasons },
  });
  if (live)
    await tx.model.update({ where: { id: o.modelId }, data: { health: health.health, healthReasons: health.reasons } });
  return health;
}
