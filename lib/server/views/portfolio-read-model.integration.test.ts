import { beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { expectOverviewMatchesOracle } from "@/lib/testing/expect-overview-matches-oracle";
import { useTestDatabase } from "@/lib/testing/test-db";
import { seedDemoPortfolio } from "@/prisma/seed/seed-demo";
import { archiveModel } from "../models/archive-model";
import { getPortfolioOverview } from "./get-portfolio-overview";
import {
  readPortfolioSnapshot,
  refreshPortfolioSnapshot,
  settleBackgroundRefreshes,
  SNAPSHOT_MAX_AGE_MS,
} from "./refresh-portfolio-snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-11-23T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

async function demoActors(): Promise<TActor[]> {
  const users = await db.prisma.user.findMany({
    where: { active: true },
    select: { id: true, email: true, name: true, roles: true, teamId: true },
    orderBy: { email: "asc" },
  });
  return users.map((u) => ({
    kind: "user",
    userId: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    teamId: u.teamId,
  }));
}

/** A model the admin may archive: not live in production. */
async function archivableSlug(): Promise<string> {
  const m = await db.prisma.model.findFirstOrThrow({
    where: { archivedAt: null, deployments: { none: { status: "ACTIVE", environment: { isProduction: true } } } },
    orderBy: { slug: "asc" },
    select: { slug: true },
  });
  return m.slug;
}

const cheapLastRefresh = () => db.prisma.$executeRaw`UPDATE portfolio_snapshots SET "durationMs" = 1`;

describe("the portfolio read model on the demo portfolio", () => {
  // The demo writes months of metric points: slow on a loaded machine.
  beforeAll(() => seedDemoPortfolio(db.prisma, NOW), 300_000);

  it("gives today's figures to every demo user, and after a write the page is exact again at this size", async () => {
    const actors = await demoActors();
    for (const actor of actors) await expectOverviewMatchesOracle(actor, NOW);
    const admin = actors.find((a) => a.roles.includes("ADMIN"))!;

    // An audited write marks the snapshot stale; its last refresh was cheap, so the next view recomputes in the request.
    // (The recorded duration is pinned: on a loaded machine even the demo's refresh can exceed the inline budget.)
    const before = await getPortfolioOverview({ actor: admin, now: NOW });
    await cheapLastRefresh();
    await archiveModel({ actor: admin, modelRef: await archivableSlug(), reason: "read-model test" });
    const after = await expectOverviewMatchesOracle(admin, NOW);
    expect(after.modelCount).toBe(before.modelCount - 1);
  }, 120_000);

  it("serves a stale snapshot with its age when a refresh is expensive, refreshes it in the background once the duty cycle allows", async () => {
    const admin = (await demoActors()).find((a) => a.roles.includes("ADMIN"))!;
    await refreshPortfolioSnapshot(db.prisma, { now: NOW });
    // As a 100,000-model portfolio would have it: the last refresh took 5 s, so the next may start 50 s after it.
    await db.prisma.$executeRaw`UPDATE portfolio_snapshots SET "durationMs" = 5000`;
    const fresh = await getPortfolioOverview({ actor: admin, now: NOW });
    await archiveModel({ actor: admin, modelRef: await archivableSlug(), reason: "read-model test" });

    const stale = await getPortfolioOverview({ actor: admin, now: at(1_000) });
    expect([stale.asOf, stale.modelCount]).toEqual([NOW.toISOString(), fresh.modelCount]);
    await settleBackgroundRefreshes();
    expect((await readPortfolioSnapshot(db.prisma, 5)).computedAt).toEqual(NOW); // not due yet: nothing ran

    const stillStale = await getPortfolioOverview({ actor: admin, now: at(50_000) }); // due: starts the refresh, answers at once
    expect(stillStale.asOf).toBe(NOW.toISOString());
    await settleBackgroundRefreshes();
    const refreshed = await expectOverviewMatchesOracle(admin, at(50_000));
    expect([refreshed.asOf, refreshed.modelCount]).toEqual([at(50_000).toISOString(), fresh.modelCount - 1]);
  });

  it("is stale after the maximum age even without a write, and one refresher holds the lease at a time", async () => {
    const admin = (await demoActors()).find((a) => a.roles.includes("ADMIN"))!;
    await refreshPortfolioSnapshot(db.prisma, { now: NOW });
    await cheapLastRefresh();
    expect((await getPortfolioOverview({ actor: admin, now: at(SNAPSHOT_MAX_AGE_MS) })).asOf).toBe(NOW.toISOString());
    expect((await getPortfolioOverview({ actor: admin, now: at(SNAPSHOT_MAX_AGE_MS + 1) })).asOf).toBe(
      at(SNAPSHOT_MAX_AGE_MS + 1).toISOString(),
    );

    const both = await Promise.all([
      refreshPortfolioSnapshot(db.prisma, { now: at(100_000) }),
      refreshPortfolioSnapshot(db.prisma, { now: at(100_000) }),
    ]);
    expect(both.filter((r) => r !== null)).toHaveLength(1);
    // The lease was given back: the next refresh may run.
    expect(await refreshPortfolioSnapshot(db.prisma, { now: at(100_001) })).not.toBeNull();
  });
});
