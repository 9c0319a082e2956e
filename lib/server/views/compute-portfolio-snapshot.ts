import "server-only";
import type { Db } from "@/lib/db/client";
import type { THealthReason } from "@/lib/domain/monitoring/health";
import { buildOwnershipMatrix, type TMatrixTeam } from "@/lib/domain/overview/ownership-matrix";
import { furthestStage, summarizePortfolio, type TPortfolioSummary } from "@/lib/domain/overview/summarize-portfolio";
import {
  capWarningsPerKind,
  computeOwnershipWarnings,
  countWarnings,
  type TOwnershipWarning,
  type TWarningKind,
} from "@/lib/domain/overview/ownership-warnings";
import { computeTimeInStage, DEFAULT_WINDOW_DAYS, type TTimeInStage } from "@/lib/domain/overview/time-in-stage";
import { loadOverviewModels, loadStageEntries, loadWaitingWork, type TOverviewModelRow } from "./load-overview-rows";

export type TLiveModelRow = {
  id: string;
  slug: string;
  title: string;
  criticality: "MISSION_CRITICAL" | "INTERNAL";
  health: "UNKNOWN" | "HEALTHY" | "WARNING" | "CRITICAL";
  reasons: THealthReason[];
  liveVersion: number | null;
  dsOwner: string;
  itOwner: string | null;
};

/** The overview's portfolio-wide figures: the same for every reader, so computed once per refresh and stored as JSON. */
export type TPortfolioSnapshotData = TPortfolioSummary & {
  pendingApprovals: number;
  oldestPendingDays: number | null;
  proposedHandoffs: number;
  /** The first LIVE_LIST_CAP live models, worst health first; `liveModels` and `liveCritical` count all of them. */
  live: TLiveModelRow[];
  liveCritical: number;
  warnings: { items: TOwnershipWarning[]; counts: Record<TWarningKind, number>; waitingDays: number; perKind: number };
  matrix: TMatrixTeam[];
  timeInStage: TTimeInStage;
};

const DAY_MS = 86_400_000;
/** Warnings listed per kind; the counts cover the rest. */
export const WARNINGS_PER_KIND = 10;
/** Live models listed on the page (worst first): the list must not grow with the portfolio; the count says the rest. */
export const LIVE_LIST_CAP = 50;

/**
 * Reads the whole portfolio — every model with its version stages, the pending work and the stage entries
 * of the last 90 days — and computes the overview's shared figures. This is the expensive part (it grows
 * with the portfolio), so only the refresh calls it (refresh-portfolio-snapshot.ts), never a page view.
 */
export async function computePortfolioSnapshot(
  db: Db,
  { now, waitingDays }: { now: Date; waitingDays: number },
): Promise<TPortfolioSnapshotData> {
  const windowStart = new Date(now.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  const [models, { requests: pending, handoffs }, entries] = await Promise.all([
    loadOverviewModels(db),
    loadWaitingWork(db),
    loadStageEntries(db, windowStart),
  ]);

  const rows = models.map((m) => ({
    m,
    stages: m.stages,
    inProduction: m.stages.includes("MONITORING") || m.activeProduction,
  }));
  const summary = summarizePortfolio(
    rows.map(({ m, stages }) => ({ ...m, itOwnerId: m.itOwner?.id ?? null, versionStages: stages })),
  );
  const warnings = computeOwnershipWarnings({
    models: rows.map(({ m, inProduction }) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      criticality: m.criticality,
      dsOwner: m.dsOwner,
      itOwner: m.itOwner,
      inProduction,
    })),
    handoffs: handoffs.map((h) => ({
      id: h.id,
      modelId: h.modelId,
      proposedAt: new Date(h.proposedAt),
      toName: h.toName,
    })),
    approvals: pending.map((r) => ({
      id: r.id,
      modelId: r.modelId,
      versionNumber: r.versionNumber,
      toStage: r.toStage,
      createdAt: new Date(r.createdAt),
    })),
    now,
    waitingDays,
  });
  const oldest = pending[0];
  const live = liveRows(models);
  return {
    ...summary,
    pendingApprovals: pending.length,
    oldestPendingDays: oldest ? Math.floor((now.getTime() - Date.parse(oldest.createdAt)) / DAY_MS) : null,
    proposedHandoffs: handoffs.length,
    live: live.slice(0, LIVE_LIST_CAP),
    liveCritical: live.filter((m) => m.health === "CRITICAL").length,
    warnings: {
      items: capWarningsPerKind(warnings, WARNINGS_PER_KIND),
      counts: countWarnings(warnings),
      waitingDays,
      perKind: WARNINGS_PER_KIND,
    },
    matrix: buildOwnershipMatrix(
      rows.map(({ m, stages, inProduction }) => ({
        id: m.id,
        slug: m.slug,
        title: m.title,
        criticality: m.criticality,
        teamId: m.team.id,
        teamName: m.team.name,
        stage: furthestStage(stages),
        inProduction,
        dsOwner: m.dsOwner,
        itOwner: m.itOwner,
      })),
    ),
    timeInStage: computeTimeInStage(entries, { now: now.getTime() }),
  };
}

/** Models with a version in MONITORING, worst health first. */
function liveRows(models: TOverviewModelRow[]): TLiveModelRow[] {
  const healthRank = { CRITICAL: 0, WARNING: 1, HEALTHY: 2, UNKNOWN: 3 } as const;
  return models
    .filter((m) => m.liveVersion !== null)
    .map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      criticality: m.criticality,
      health: m.health,
      reasons: Array.isArray(m.healthReasons) ? (m.healthReasons as THealthReason[]) : [],
      liveVersion: m.liveVersion,
      dsOwner: m.dsOwner.name,
      itOwner: m.itOwner?.name ?? null,
    }))
    .sort((a, b) => healthRank[a.health] - healthRank[b.health] || a.slug.localeCompare(b.slug));
}
