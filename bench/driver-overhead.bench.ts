/**
 * What a statement costs in CPU through Prisma 6.19 (engineType "client": the WebAssembly query compiler runs on every
 * call) against the same statement on the driver (`pg`), in this process: `npx tsx bench/driver-overhead.bench.ts`.
 * The figure behind runSqlTransaction (lib/db/run-transaction.ts): on a 2-core server, CPU per request bounds write
 * throughput (BENCHMARKS.md, "Writes (issue 13)"). 4 concurrent callers, BENCH_CALLS calls (default 1,000) per arm after
 * 50 warm-up calls; CPU is this process's user + system time, which other load on the machine does not add to.
 * PostgreSQL at BENCH_DRIVER_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/modelgate_driver_bench, a
 * throwaway schema). The last line is `RESULT {json}`.
 */
import os from "node:os";
import { dropPostgresSchema, ensurePostgresSchema, load } from "./in-process";

const PG_URL = process.env.BENCH_DRIVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_driver_bench";
const CALLS = Number(process.env.BENCH_CALLS ?? 1_000);

async function main(): Promise<void> {
  const schema = "driver_overhead";
  if (!(await ensurePostgresSchema(PG_URL, schema))) return;
  const { connect } = load("../lib/db/connect") as typeof import("../lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("../lib/db/migrate");
  const { createPrismaClient } = load("../lib/db/client") as typeof import("../lib/db/client");
  const connection = await connect({ url: PG_URL, schema, poolSize: 4 });
  await applyMigrations(connection.runner);
  const prisma = createPrismaClient(connection);
  const result: Record<string, { cpuMsPerCall: number; wallMsPerCall: number }> = {};
  const time = async (label: string, call: () => Promise<unknown>) => {
    for (let i = 0; i < 50; i++) await call();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < CALLS / 4; i++) await call();
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    result[label] = {
      cpuMsPerCall: (cpu.user + cpu.system) / 1000 / CALLS,
      wallMsPerCall: (performance.now() - t0) / CALLS,
    };
    console.log(
      `${label.padEnd(40)} CPU ${result[label].cpuMsPerCall.toFixed(3)} ms/call, wall ${result[label].wallMsPerCall.toFixed(3)} ms/call`,
    );
  };
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await time("prisma findUnique", () => prisma.team.findUnique({ where: { id: "x" } }));
  await time("prisma findFirst with select", () =>
    prisma.model.findFirst({ where: { slug: "x" }, select: { id: true, slug: true } }),
  );
  await time("prisma $queryRawUnsafe", () => prisma.$queryRawUnsafe(`SELECT id FROM teams WHERE id = $1`, "x"));
  await time("prisma $transaction with one raw query", () =>
    prisma.$transaction((tx) => tx.$queryRawUnsafe(`SELECT id FROM teams WHERE id = $1`, "x")),
  );
  await time("driver query", () => connection.runner.query(`SELECT id FROM teams WHERE id = $1`, ["x"]));
  await time("driver transaction with one query", () =>
    connection.runner.transaction((sql) => sql.query(`SELECT id FROM teams WHERE id = $1`, ["x"])),
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await prisma.$disconnect();
  await connection.close();
  await dropPostgresSchema(PG_URL, schema);
  console.log(`RESULT ${JSON.stringify({ postgres: result })}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
