import "server-only";
import { getDb } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { THealthReason } from "@/lib/domain/monitoring/health";
import { summarizePortfolio, type TPortfolioSummary } from "@/lib/domain/overview/summarize-portfolio";

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

export type TPortfolioOverview = TPortfolioSummary & {
  pendingApprovals: number;
  oldestPendingDays: number | null;
  proposedHandoffs: number;
  live: TLiveModelRow[];
};

/** Everything the overview page shows, in four queries regardless of portfolio size. */
export async function getPortfolioOverview(now = new Date()): Promise<TPortfolioOverview> {
  const db = await getDb();
  const [models, pending, oldest, handoffs] = await Promise.all([
    db.model.findMany({
      where: { archivedAt: null },
      select: {
        id: true,
        slug: true,
        title: true,
        criticality: true,
        health: true,
        healthReasons: true,
        itOwnerId: true,
        dsOwner: { select: { name: true } },
        itOwner: { select: { name: true } },
        versions: { select: { stage: true, number: true } },
      },
      orderBy: { slug: "asc" },
    }),
    db.transitionRequest.count({ where: { status: "PENDING" } }),
    db.transitionRequest.findFirst({ where: { status: "PENDING" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.handoff.count({ where: { status: "PROPOSED" } }),
  ]);
  const summary = summarizePortfolio(
    models.map((m) => ({ ...m, versionStages: m.versions.map((v) => v.stage as TStage) })),
  );
  const healthRank = { CRITICAL: 0, WARNING: 1, HEALTHY: 2, UNKNOWN: 3 } as const;
  const live = models
    .filter((m) => m.versions.some((v) => v.stage === "MONITORING"))
    .map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      criticality: m.criticality,
      health: m.health,
      reasons: (m.healthReasons as THealthReason[]) ?? [],
      liveVersion: m.versions.find((v) => v.stage === "MONITORING")?.number ?? null,
      dsOwner: m.dsOwner.name,
      itOwner: m.itOwner?.name ?? null,
    }))
    .sort((a, b) => healthRank[a.health] - healthRank[b.health] || a.slug.localeCompare(b.slug));
  return {
    ...summary,
    pendingApprovals: pending,
    oldestPendingDays: oldest ? Math.floor((now.getTime() - oldest.createdAt.getTime()) / 86_400_000) : null,
    proposedHandoffs: handoffs,
    live,
  };
}
