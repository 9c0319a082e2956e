import { expect } from "vitest";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { LIVE_LIST_CAP } from "@/lib/server/views/compute-portfolio-snapshot";
import { getPortfolioOverview, type TPortfolioOverview } from "@/lib/server/views/get-portfolio-overview";
import { WAITING_APPROVALS_CAP } from "@/lib/server/views/load-waiting-on-you";
import { computeOverviewOracle } from "./portfolio-overview-oracle";

/**
 * The read model's overview against today's computation (the oracle) for one person at one instant: every
 * figure equal; the live list and "waiting on you" requests are the oracle's first LIVE_LIST_CAP /
 * WAITING_APPROVALS_CAP, with exact totals. Returns the read model's answer for further checks.
 */
export async function expectOverviewMatchesOracle(
  actor: TActor,
  now: Date,
  label = actor.email,
): Promise<TPortfolioOverview> {
  const [got, oracle] = [await getPortfolioOverview({ actor, now }), await computeOverviewOracle({ actor, now })];
  const { asOf: _asOf, live, liveCritical, waitingOnYou, ...figures } = got;
  const { live: oracleLive, waitingOnYou: oracleWaiting, ...oracleFigures } = oracle;
  expect(figures, label).toEqual(oracleFigures);
  expect(live, label).toEqual(oracleLive.slice(0, LIVE_LIST_CAP));
  expect(liveCritical, label).toBe(oracleLive.filter((m) => m.health === "CRITICAL").length);
  expect(waitingOnYou.handoffs, label).toEqual(oracleWaiting.handoffs);
  expect(waitingOnYou.approvals, label).toEqual(
    oracleWaiting.approvals === null ? null : oracleWaiting.approvals.slice(0, WAITING_APPROVALS_CAP),
  );
  expect(waitingOnYou.approvalsTotal, label).toBe(oracleWaiting.approvals?.length ?? null);
  return got;
}
