import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { isRetryableTransactionError, retryDelayMs, runTransaction, transactionRetryCount } from "./run-transaction";

const db = useTestDatabase();
const onPostgres = !!process.env.TEST_DATABASE_URL;

describe("runTransaction", () => {
  it("recognises deadlocks and serialization failures however the driver wraps them, and nothing else", () => {
    expect(isRetryableTransactionError({ code: "P2034" })).toBe(true);
    expect(isRetryableTransactionError({ code: "P2010", meta: { code: "40P01" } })).toBe(true);
    expect(isRetryableTransactionError(new Error("wrapped", { cause: { originalCode: "40001" } }))).toBe(true);
    expect(isRetryableTransactionError(new Error("ERROR: deadlock detected"))).toBe(true);
    expect(isRetryableTransactionError({ code: "P2002" })).toBe(false);
    expect(isRetryableTransactionError(new Error("unique violation", { cause: { originalCode: "23505" } }))).toBe(
      false,
    );
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isRetryableTransactionError(loop)).toBe(false);
  });

  it("backs off with full jitter under a cap", () => {
    expect(retryDelayMs(0, () => 0.999)).toBeLessThan(8);
    expect(retryDelayMs(3, () => 0.999)).toBe(63);
    expect(retryDelayMs(20, () => 0.999)).toBe(249);
    expect(retryDelayMs(5, () => 0)).toBe(0);
  });

  it("commits, and rolls back everything of an attempt that throws", async () => {
    await db.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, n int NOT NULL)`);
    await db.prisma.$executeRawUnsafe(`INSERT INTO tx_probe VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING`);
    await expect(
      runTransaction(async (tx) => {
        await tx.$executeRaw`UPDATE tx_probe SET n = n + 100 WHERE id = 1`;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await db.prisma.$queryRaw<{ n: number }[]>`SELECT n FROM tx_probe WHERE id = 1`)[0]!.n).toBe(0);
  });

  it.runIf(onPostgres)(
    "re-runs the whole use case when PostgreSQL breaks a deadlock, so both sides succeed",
    async () => {
      await db.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, n int NOT NULL)`);
      await db.prisma.$executeRawUnsafe(`INSERT INTO tx_probe VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING`);
      await db.prisma.$executeRawUnsafe(`UPDATE tx_probe SET n = 0`);
      const retriesBefore = transactionRetryCount();
      let attempts = 0;
      // Two transactions lock the same two rows in opposite orders, each waiting until the other holds its first
      // row: a textbook deadlock, which PostgreSQL breaks by aborting one of them with 40P01.
      let holds = 0;
      const bothHold = new Promise<void>((resolve) => {
        const check = setInterval(() => holds >= 2 && (clearInterval(check), resolve()), 5);
      });
      const side = (first: number, second: number) =>
        runTransaction(async (tx) => {
          attempts++;
          await tx.$executeRaw`UPDATE tx_probe SET n = n + 1 WHERE id = ${first}`;
          holds++;
          await bothHold;
          await tx.$executeRaw`UPDATE tx_probe SET n = n + 1 WHERE id = ${second}`;
        });
      await Promise.all([side(1, 2), side(2, 1)]);
      const rows = await db.prisma.$queryRaw<{ id: number; n: number }[]>`SELECT id, n FROM tx_probe ORDER BY id`;
      // Each side applied exactly once: the aborted attempt left nothing behind.
      expect(rows.map((r) => r.n)).toEqual([2, 2]);
      expect(attempts).toBe(3);
      expect(transactionRetryCount() - retriesBefore).toBe(1);
    },
  );
});
