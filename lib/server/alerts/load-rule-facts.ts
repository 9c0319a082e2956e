import "server-only";
import type { Tx } from "@/lib/db/client";
import {
  compare,
  isMetricSpec,
  isWindowSpec,
  metricPeriodsFor,
  WINDOW_MAX_AGE_HOURS,
  type TMetricPeriod,
  type TMetricRuleConfig,
  type TRuleFacts,
  type TRuleSpec,
  type TWindowFacts,
} from "@/lib/domain/alerts/alert-rules";
import { SUSTAIN_PERIODS } from "@/lib/domain/retraining/retraining";
import { readMetricAverages } from "./read-evaluation-state";

const HOUR = 3_600_000;

export type TFactsRequest = {
  ruleId: string;
  spec: TRuleSpec;
  versionId: string;
  liveSince: Date | null;
  retrain: boolean;
};

type TStoredSummary = {
  datasetDrift?: { drifted_share?: number | null };
  weightedDrift?: { score?: number | null } | null;
};
type TStoredQuality = { features?: Record<string, { missingRate?: number; unseenShare?: number }> };

/**
 * Loads the aggregates every requested rule needs, batched: one statement for all metric averages (a second
 * only for violated retrain rules, to judge whether the violation stays), one for the latest windows of each
 * watched version (plus their PSI rows when a FEATURE_PSI rule asks), one for the last data time of each
 * version a STALENESS rule watches (none when the caller just stored fresh data). Cost grows with the points
 * inside a rule's window: see docs/ARCHITECTURE.md (Operations) and bench/alerts.bench.ts.
 */
export async function loadRuleFacts(
  tx: Tx,
  o: {
    requests: TFactsRequest[];
    environments: string[];
    now: Date;
    knownDataAt?: Date | null;
    prefetched?: ReadonlyMap<string, TMetricPeriod>;
  },
): Promise<Map<string, TRuleFacts>> {
  const now = o.now.getTime();
  const out = new Map<string, TRuleFacts>(o.requests.map((r) => [r.ruleId, { now }]));
  await loadMetricPeriods(tx, o.requests, now, o.prefetched ?? new Map(), out);
  await loadWindows(tx, o.requests, o.environments, now, out);
  await loadLastData(tx, o.requests, o.environments, now, o.knownDataAt?.getTime() ?? null, out);
  return out;
}

/** `prefetched`: newest periods the caller already read (read-evaluation-state.ts), by rule id. */
async function loadMetricPeriods(
  tx: Tx,
  requests: TFactsRequest[],
  now: number,
  prefetched: ReadonlyMap<string, TMetricPeriod>,
  out: Map<string, TRuleFacts>,
) {
  const metric = requests.filter(
    (r): r is TFactsRequest & { spec: Extract<TRuleSpec, { config: TMetricRuleConfig }> } => isMetricSpec(r.spec),
  );
  // The newest period decides; older ones only tell whether a violated retrain rule stays violated, so they
  // are read only then (the steady state reads one period per rule).
  for (const r of metric) {
    const known = prefetched.get(r.ruleId);
    if (known) out.get(r.ruleId)!.metricPeriods = [known];
  }
  const newest = metric
    .filter((r) => !prefetched.has(r.ruleId))
    .map((r) => ({ r, period: metricPeriodsFor(r.spec.config, now, 1)[0]! }));
  await averagePeriods(tx, newest, out);
  const older = metric
    .filter((r) => r.retrain && violates(out.get(r.ruleId)?.metricPeriods?.[0], r.spec.config))
    .flatMap((r) =>
      metricPeriodsFor(r.spec.config, now, SUSTAIN_PERIODS)
        .slice(1)
        .map((period) => ({ r, period })),
    );
  await averagePeriods(tx, older, out);
}

function violates(p: TMetricPeriod | undefined, c: TMetricRuleConfig): boolean {
  return !!p && p.avg !== null && compare(p.avg, c.op, c.value);
}

async function averagePeriods(
  tx: Tx,
  slots: { r: TFactsRequest & { spec: { config: TMetricRuleConfig } }; period: { from: number; to: number } }[],
  out: Map<string, TRuleFacts>,
) {
  const averages = await readMetricAverages(
    tx,
    slots.map(({ r, period }) => ({ versionId: r.versionId, metric: r.spec.config.metric, ...period })),
  );
  slots.forEach(({ r, period }, i) => (out.get(r.ruleId)!.metricPeriods ??= []).push({ ...period, ...averages[i]! }));
}

async function loadWindows(
  tx: Tx,
  requests: TFactsRequest[],
  environments: string[],
  now: number,
  out: Map<string, TRuleFacts>,
) {
  const windowRequests = requests.filter((r) => isWindowSpec(r.spec));
  const versionIds = [...new Set(windowRequests.map((r) => r.versionId))];
  if (!versionIds.length) return;
  const needsPsi = windowRequests.some((r) => r.spec.kind === "FEATURE_PSI");
  const byVersion = new Map<string, TWindowFacts[]>();
  for (const versionId of versionIds) {
    const rows = await tx.sampleWindow.findMany({
      where: {
        versionId,
        environment: { in: environments },
        windowEnd: { gte: new Date(now - WINDOW_MAX_AGE_HOURS * HOUR), lte: new Date(now) },
      },
      orderBy: [{ windowEnd: "desc" }, { createdAt: "desc" }],
      take: SUSTAIN_PERIODS,
      select: { id: true, windowEnd: true, summary: true, quality: true },
    });
    byVersion.set(
      versionId,
      rows.map((w) => toWindowFacts(w)),
    );
  }
  if (needsPsi) {
    const windows = [...byVersion.values()].flat();
    const psi = await tx.driftResult.findMany({
      where: { windowId: { in: windows.map((w) => w.id) }, feature: { not: "__prediction__" } },
      select: { windowId: true, feature: true, value: true },
    });
    const byId = new Map(windows.map((w) => [w.id, w]));
    for (const d of psi) {
      const w = byId.get(d.windowId);
      if (w) w.psi[d.feature] = d.value;
    }
  }
  for (const r of windowRequests) out.get(r.ruleId)!.windows = byVersion.get(r.versionId) ?? [];
}

function toWindowFacts(w: { id: string; windowEnd: Date; summary: unknown; quality: unknown }): TWindowFacts {
  const summary = (w.summary ?? {}) as TStoredSummary;
  const features = ((w.quality ?? {}) as TStoredQuality).features ?? {};
  const quality: TWindowFacts["quality"] = {};
  for (const [name, f] of Object.entries(features))
    quality[name] = { missingRate: f.missingRate ?? 0, unseenShare: f.unseenShare ?? 0 };
  return {
    id: w.id,
    windowEnd: w.windowEnd.getTime(),
    driftedShare: summary.datasetDrift?.drifted_share ?? null,
    psi: {},
    quality,
    weightedDrift: summary.weightedDrift?.score ?? null,
  };
}

/**
 * `knownDataAt`: the newest production timestamp the caller just stored for the version (an ingestion). When it
 * is recent enough for every staleness rule, the rule cannot be violated whatever is older, so nothing is read.
 */
async function loadLastData(
  tx: Tx,
  requests: TFactsRequest[],
  environments: string[],
  now: number,
  knownDataAt: number | null,
  out: Map<string, TRuleFacts>,
) {
  const stale = requests.filter((r) => r.spec.kind === "STALENESS");
  const lastByVersion = new Map<string, number | null>();
  for (const r of stale) {
    if (!lastByVersion.has(r.versionId)) {
      const hours = Math.max(
        ...stale
          .filter((s) => s.versionId === r.versionId)
          .map((s) => (s.spec.kind === "STALENESS" ? s.spec.config.hours : 0)),
      );
      const fresh = knownDataAt !== null && now - knownDataAt < hours * HOUR;
      lastByVersion.set(
        r.versionId,
        fresh ? knownDataAt : await lastDataAt(tx, r.versionId, environments, new Date(now - hours * HOUR)),
      );
    }
    const facts = out.get(r.ruleId)!;
    facts.lastDataAt = lastByVersion.get(r.versionId) ?? null;
    facts.liveSince = r.liveSince?.getTime() ?? null;
  }
}

/**
 * Latest production data of a version: metric point or sample window. The metric half first looks back only
 * `since` (a short index range: what a fresh version answers on every ingestion); only a version already
 * stale pays for the unbounded search, to say when its data stopped.
 */
async function lastDataAt(tx: Tx, versionId: string, environments: string[], since: Date): Promise<number | null> {
  const [recent] = await tx.$queryRaw<{ last: Date | null }[]>`
    SELECT GREATEST(
      (SELECT max(ts) FROM metric_points WHERE "versionId" = ${versionId} AND environment = ANY(${environments}::text[]) AND ts >= ${since.toISOString()}::timestamptz),
      (SELECT max("windowEnd") FROM sample_windows WHERE "versionId" = ${versionId} AND environment = ANY(${environments}::text[]))
    ) AS last`;
  if (recent?.last && recent.last >= since) return recent.last.getTime();
  const [older] = await tx.$queryRaw<{ last: Date | null }[]>`
    SELECT GREATEST(
      (SELECT max(ts) FROM metric_points WHERE "versionId" = ${versionId} AND environment = ANY(${environments}::text[])),
      ${recent?.last?.toISOString() ?? null}::timestamptz
    ) AS last`;
  return older?.last?.getTime() ?? null;
}
