import "server-only";
import { getDb } from "@/lib/db/client";
import { DEFAULT_WAITING_DAYS } from "@/lib/domain/overview/ownership-warnings";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { computePortfolioSnapshot, type TPortfolioSnapshotData } from "./compute-portfolio-snapshot";
import { loadWaitingOnYou, type TWaitingApproval, type TWaitingHandoff } from "./load-waiting-on-you";
import {
  INLINE_REFRESH_BUDGET_MS,
  isRefreshDue,
  isSnapshotStale,
  parseSnapshot,
  readPortfolioSnapshot,
  refreshPortfolioSnapshot,
  startBackgroundRefresh,
} from "./refresh-portfolio-snapshot";

export type { TWaitingApproval, TWaitingHandoff } from "./load-waiting-on-you";

export type TPortfolioOverview = TPortfolioSnapshotData & {
  /** When the portfolio figures were computed (the read model's refresh); "waiting on you" is always current. */
  asOf: string;
  /** What the signed-in person should act on: handoffs addressed to them, requests waiting on one of their roles (null without approvals:decide). */
  waitingOnYou: { handoffs: TWaitingHandoff[]; approvals: TWaitingApproval[] | null; approvalsTotal: number | null };
};

/**
 * Everything the overview shows — every role's home page. The portfolio-wide figures (health and stage
 * counts, ownership warnings, the ownership matrix, time in stage and lead time) come from the portfolio read
 * model: one stored row, refreshed in the background (refresh-portfolio-snapshot.ts), so a page view costs
 * the same at 1,000 and at 100,000 models. What waits on the signed-in person is read for them, exact.
 */
export async function getPortfolioOverview({
  actor,
  now = new Date(),
  waitingDays = DEFAULT_WAITING_DAYS,
}: {
  actor: TActor;
  now?: Date;
  waitingDays?: number;
}): Promise<TPortfolioOverview> {
  requirePermission(actor, "overview:read");
  const db = await getDb();
  const decides = can(actor, "approvals:decide");
  const [row, waiting] = await Promise.all([
    readPortfolioSnapshot(db, waitingDays),
    loadWaitingOnYou(db, { userId: actor.userId, roles: decides ? actor.roles : null }),
  ]);

  let snapshot = parseSnapshot(row);
  if (!snapshot) {
    // The first view ever (or of this setting): compute in the request. Another instance may be computing
    // it (the lease): then compute without storing rather than show nothing.
    snapshot = (await refreshPortfolioSnapshot(db, { now, waitingDays })) ?? {
      data: await computePortfolioSnapshot(db, { now, waitingDays }),
      computedAt: now,
      durationMs: 0,
    };
  } else if (isSnapshotStale(row, now)) {
    if (snapshot.durationMs <= INLINE_REFRESH_BUDGET_MS)
      snapshot = (await refreshPortfolioSnapshot(db, { now, waitingDays })) ?? snapshot;
    else if (isRefreshDue(row, now)) startBackgroundRefresh(db, { now, waitingDays });
  }

  return {
    ...snapshot.data,
    asOf: snapshot.computedAt.toISOString(),
    waitingOnYou: {
      handoffs: waiting.handoffs,
      approvals: decides ? waiting.approvals : null,
      approvalsTotal: decides ? waiting.approvalsTotal : null,
    },
  };
}
