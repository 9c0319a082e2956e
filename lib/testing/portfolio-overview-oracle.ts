/*
 * The overview as it was computed before the portfolio read model (issue 18): every model, version and
 * stage entry read on each call. Kept, unchanged in its figures, as the oracle the read model is tested
 * against (lib/server/views/portfolio-read-model.integration.test.ts) — not used by the app.
 */
import { getDb } from "@/lib/db/client";
import type { THealthReason } from "@/lib/domain/monitoring/health";
import { buildOwnershipMatrix, type TMatrixTeam } from "@/lib/domain/overview/ownership-matrix";
import { isWaitingOnReviewer } from "@/lib/domain/overview/waiting-on-you";
import { furthestStage, summarizePortfolio, type TPortfolioSummary } from "@/lib/domain/overview/summarize-portfolio";
import {
  capWarningsPerKind,
  computeOwnershipWarnings,
  countWarnings,
  DEFAULT_WAITING_DAYS,
  type TOwnershipWarning,
  type TWarningKind,
} from "@/lib/domain/overview/ownership-warnings";
import { computeTimeInStage, DEFAULT_WINDOW_DAYS, type TTimeInStage } from "@/lib/domain/overview/time-in-stage";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import {
  loadOverviewModels,
  loadStageEntries,
  loadWaitingWork,
  type TOverviewModelRow,
  type TPendingRequestRow,
} from "@/lib/server/views/load-overview-rows";

type TLiveModelRow = {
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

type TWaitingHandoff = {
  id: string;
  modelSlug: string;
  modelTitle: string;
  direction: "DS_TO_IT" | "IT_TO_DS";
  fromName: string;
  proposedAt: string;
};
type TWaitingApproval = {
  id: string;
  modelSlug: string;
  modelTitle: string;
  versionNumber: number;
  toStage: TPendingRequestRow["toStage"];
  requesterName: string;
  createdAt: string;
};

export type TOracleOverview = TPortfolioSummary & {
  pendingApprovals: number;
  oldestPendingDays: number | null;
  proposedHandoffs: number;
  live: TLiveModelRow[];
  warnings: { items: TOwnershipWarning[]; counts: Record<TWarningKind, number>; waitingDays: number; perKind: number };
  matrix: TMatrixTeam[];
  timeInStage: TTimeInStage;
  /** What the signed-in person should act on: handoffs addressed to them, requests waiting on one of their roles (null without approvals:decide). */
  waitingOnYou: { handoffs: TWaitingHandoff[]; approvals: TWaitingApproval[] | null };
};

const DAY_MS = 86_400_000;
/** Warnings listed per kind; the counts cover the rest. */
const WARNINGS_PER_KIND = 10;

/** Everything the overview showed, computed from the whole portfolio (the live list and "waiting on you" uncapped). */
export async function computeOverviewOracle({
  actor,
  now = new Date(),
  waitingDays = DEFAULT_WAITING_DAYS,
}: {
  actor: TActor;
  now?: Date;
  waitingDays?: number;
}): Promise<TOracleOverview> {
  const db = await getDb();
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
  return {
    ...summary,
    pendingApprovals: pending.length,
    oldestPendingDays: oldest ? Math.floor((now.getTime() - Date.parse(oldest.createdAt)) / DAY_MS) : null,
    proposedHandoffs: handoffs.length,
    live: liveRows(models),
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
    waitingOnYou: {
      handoffs: handoffs
        .filter((h) => h.toUserId === actor.userId)
        .map((h) => ({
          id: h.id,
          modelSlug: h.modelSlug,
          modelTitle: h.modelTitle,
          direction: h.direction,
          fromName: h.fromName,
          proposedAt: new Date(h.proposedAt).toISOString(),
        })),
      // The approvals queue's rule on every pending request (listApprovalQueue would load full DTOs).
      approvals: can(actor, "approvals:decide")
        ? pending
            .filter((r) => isWaitingOnReviewer(actor, r))
            .map((r) => ({
              id: r.id,
              modelSlug: r.modelSlug,
              modelTitle: r.modelTitle,
              versionNumber: r.versionNumber,
              toStage: r.toStage,
              requesterName: r.requesterName,
              createdAt: new Date(r.createdAt).toISOString(),
            }))
        : null,
    },
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
