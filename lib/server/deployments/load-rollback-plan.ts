import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import {
  selectRollbackTarget,
  type TProductionDeploymentFact,
  type TRollbackSelection,
} from "@/lib/domain/deployments/rollback";
import { assessHealth, defaultHealthRules } from "@/lib/domain/monitoring/health";
import type { TProblemType } from "@/lib/domain/gates/policy";
import { AppError } from "@/lib/errors";

export type TLoadedRollbackPlan = {
  environment: { id: string; name: string; isProduction: boolean };
  live: { deploymentId: string; versionId: string; versionNumber: number; deployedAt: Date } | null;
  selection: TRollbackSelection;
};

/**
 * The facts rollback selection judges (lib/domain/deployments/rollback.ts): the model's deployments in the
 * environment, and for each ended one its health when it was replaced — the last 24 h of its production
 * metrics before it ended, assessed with the model's health rules, made CRITICAL by any critical alert still
 * unresolved on that version at that moment. Two batched queries whatever the history's length.
 */
export async function loadRollbackPlan(
  db: Db | Tx,
  o: { modelId: string; problemType: TProblemType; environment: string },
): Promise<TLoadedRollbackPlan> {
  const env = await db.environment.findUnique({
    where: { name: o.environment },
    select: { id: true, name: true, isProduction: true },
  });
  if (!env)
    throw new AppError("VALIDATION_FAILED", `No environment "${o.environment}".`, {
      errors: [{ path: "environment", message: "Unknown environment." }],
    });
  const rows = await db.deployment.findMany({
    where: { modelId: o.modelId, environmentId: env.id },
    select: {
      id: true,
      versionId: true,
      status: true,
      deployedAt: true,
      endedAt: true,
      version: { select: { number: true, status: true } },
    },
    orderBy: { deployedAt: "desc" },
    take: 200,
  });
  const activeRow = rows.find((r) => r.status === "ACTIVE");
  const ended = rows.filter((r) => r.status !== "ACTIVE" && r.endedAt);
  const health = await healthAtEnd(
    db,
    ended.map((r) => ({ deploymentId: r.id, versionId: r.versionId, endedAt: r.endedAt! })),
    o.problemType,
  );
  const history: TProductionDeploymentFact[] = rows.map((r) => ({
    deploymentId: r.id,
    versionId: r.versionId,
    versionNumber: r.version.number,
    status: r.status,
    versionStatus: r.version.status,
    deployedAt: r.deployedAt.getTime(),
    endedAt: r.endedAt?.getTime() ?? null,
    healthAtEnd: health.get(r.id) ?? "UNKNOWN",
  }));
  const live = activeRow
    ? {
        deploymentId: activeRow.id,
        versionId: activeRow.versionId,
        versionNumber: activeRow.version.number,
        deployedAt: activeRow.deployedAt,
      }
    : null;
  return { environment: env, live, selection: selectRollbackTarget({ live, history }) };
}

async function healthAtEnd(
  db: Db | Tx,
  ended: { deploymentId: string; versionId: string; endedAt: Date }[],
  problemType: TProblemType,
) {
  const out = new Map<string, ReturnType<typeof assessHealth>["health"]>();
  if (!ended.length) return out;
  const rules = defaultHealthRules(problemType);
  const names = rules.map((r) => r.metric);
  const averages = await db.$queryRaw<{ i: number; name: string; avg: number }[]>`
    SELECT q.i::int AS i, m.name, avg(m.value)::float8 AS avg
    FROM unnest(${ended.map((e) => e.versionId)}::text[], ${ended.map((e) => e.endedAt.toISOString())}::timestamptz[]) WITH ORDINALITY AS q(vid, t, i)
    JOIN metric_points m ON m."versionId" = q.vid AND m.name = ANY(${names}::text[]) AND m.ts > q.t - interval '24 hours' AND m.ts <= q.t
    WHERE m.environment = 'production' OR m.environment IN (SELECT name FROM environments WHERE "isProduction")
    GROUP BY q.i, m.name`;
  const critical = await db.alert.findMany({
    where: { versionId: { in: ended.map((e) => e.versionId) }, severity: "CRITICAL" },
    select: { versionId: true, openedAt: true, resolvedAt: true },
  });
  ended.forEach((e, idx) => {
    const latest = Object.fromEntries(averages.filter((a) => a.i === idx + 1).map((a) => [a.name, a.avg]));
    const assessed = assessHealth(latest, rules).health;
    const alerted = critical.some(
      (a) => a.versionId === e.versionId && a.openedAt <= e.endedAt && (!a.resolvedAt || a.resolvedAt > e.endedAt),
    );
    out.set(e.deploymentId, alerted ? "CRITICAL" : assessed);
  });
  return out;
}
