import { describe, expect, it } from "vitest";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { expectOverviewMatchesOracle } from "@/lib/testing/expect-overview-matches-oracle";
import { useTestDatabase } from "@/lib/testing/test-db";
import { seedPortfolio } from "@/bench/overview/seed-portfolio";

const db = useTestDatabase();
const NOW = new Date("2026-11-23T12:00:00Z");

describe("the portfolio read model on the overview benchmark's data", () => {
  it("gives today's figures on 1,000 models × 10 versions, for a manager, an IT operator and a data scientist", async () => {
    const seeded = await seedPortfolio(db.connection.runner, NOW);
    expect(seeded.counts.models).toBe(1_000);
    const users = await db.prisma.user.findMany({ where: { id: { in: [seeded.managerId, seeded.itUserId, "ov-user-3-ds1"] } }, select: { id: true, email: true, name: true, roles: true, teamId: true } });
    expect(users).toHaveLength(3);
    for (const u of users) {
      const actor: TActor = { kind: "user", userId: u.id, email: u.email, name: u.name, roles: u.roles, teamId: u.teamId };
      const got = await expectOverviewMatchesOracle(actor, NOW);
      // The bench data exercises the caps: more live models and waiting requests than the page lists.
      if (u.id === seeded.managerId) expect([got.liveModels > got.live.length, (got.waitingOnYou.approvalsTotal ?? 0) > (got.waitingOnYou.approvals?.length ?? 0)]).toEqual([true, true]);
    }
  }, 120_000);
});
