import "server-only";
import { openDatabase } from "@/lib/db/client";
import { planMigrations, readLocalMigrations, type LocalMigration } from "@/lib/db/migrate";

export type TReadiness = { ready: true } | { ready: false; reason: string };

let local: LocalMigration[] | undefined;
const TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * GET /api/ready: the database answers and holds every migration this code ships (none pending, none
 * unknown or edited). One statement; 2 s at most. The pool reconnects on its own, so readiness comes back
 * without a restart once the database does.
 */
export async function checkReadiness(): Promise<TReadiness> {
  try {
    local ??= readLocalMigrations();
    const { connection } = await withTimeout(openDatabase(), TIMEOUT_MS, "the database");
    const rows = await withTimeout(
      connection.runner.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`),
      TIMEOUT_MS,
      "the database",
    );
    const pending = planMigrations(local, rows);
    if (pending.length) return { ready: false, reason: `migrations pending: ${pending.map((m) => m.name).join(", ")}` };
    return { ready: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ready: false, reason: /migration/i.test(message) ? message : `database unreachable: ${message}` };
  }
}
