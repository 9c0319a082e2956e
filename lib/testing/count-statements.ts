import pg from "pg";

/**
 * Counts the SQL statements this process sends to PostgreSQL (every pg client, so every Prisma query and raw
 * statement), for the statement budgets of issue 13. Transaction control (BEGIN, COMMIT, ROLLBACK) is counted
 * apart: it is a fixed two per transaction whatever the use case does. PostgreSQL only: PGlite runs in process
 * and has no wire to count on.
 */
type Recording = { statements: string[]; control: number };
let active: Recording | null = null;
let patched = false;

function patch() {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    if (active) {
      const first = args[0];
      const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
      if (/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET TRANSACTION)\b/i.test(text)) active.control++;
      else active.statements.push(text.replace(/\s+/g, " ").trim());
    }
    return original.apply(this, args);
  };
}

/** Runs `fn` and returns its result with the statements sent meanwhile (by anything in this process). */
export async function countStatements<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[]; control: number }> {
  patch();
  const recording: Recording = { statements: [], control: 0 };
  active = recording;
  try {
    const result = await fn();
    return { result, ...recording };
  } finally {
    active = null;
  }
}
