import { describe, expect, it } from "vitest";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { expectOverviewMatchesOracle } from "@/lib/testing/expect-overview-matches-oracle";
import { computeOverviewOracle } from "@/lib/testing/portfolio-overview-oracle";
import { useTestDatabase } from "@/lib/testing/test-db";
import { seedPortfolio } from "@/bench/overview/seed-portfolio";
import { loadWaitingOnYou } from "./load-waiting-on-you";

const db = useTestDatabase();
const NOW = new Date("2026-11-23T12:00:00Z");

describe("the portfolio read model on the overview benchmark's data", () => {
  it("gives today's figures on 1,000 models × 10 versions, for a manager, an IT operator and a data scientist", async () => {
    const seeded = await seedPortfolio(db.connection.runner, NOW);
    expect(seeded.counts.models).toBe(1_000);
    const users = await db.prisma.user.findMany({
      where: { id: { in: [seeded.managerId, seeded.itUserId, "ov-user-3-ds1"] } },
      select: { id: true, email: true, name: true, roles: true, teamId: true },
    });
    expect(users).toHaveLength(3);
    for (const u of users) {
      const actor: TActor = {
        kind: "user",
        userId: u.id,
        email: u.email,
        name: u.name,
        roles: u.roles,
        teamId: u.teamId,
      };
      const got = await expectOverviewMatchesOracle(actor, NOW);
      if (u.id !== seeded.managerId) continue;
      // The live list is capped here (1,000 live models); the manager's 41 waiting requests are under the page's
      // cap of 50, so the capped read is checked with a smaller one: the oracle's oldest 10 and the exact total.
      expect(got.liveModels).toBeGreaterThan(got.live.length);
      const oracle = await computeOverviewOracle({ actor, now: NOW });
      const capped = await loadWaitingOnYou(db.prisma, { userId: actor.userId, roles: actor.roles, limit: 10 });
      expect(oracle.waitingOnYou.approvals!.length).toBeGreaterThan(10);
      expect([capped.approvals, capped.approvalsTotal]).toEqual([
        oracle.waitingOnYou.approvals!.slice(0, 10),
        oracle.waitingOnYou.approvals!.length,
      ]);
    }
  }, 120_000);
});
