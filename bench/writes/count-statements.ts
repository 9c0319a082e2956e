/**
 * Statements per write, counted in this process: the app's route handlers called through bench/in-process.ts on a
 * database whose Prisma driver adapter is wrapped to count what it sends. PostgreSQL here has no server-side
 * statement counter (pg_stat_statements is installed but not preloaded, and pg_stat_database counts transactions,
 * not statements), and the production server exposes none, so this is the count the benchmark reports.
 * BEGIN / COMMIT / ROLLBACK are not statements of the use case; transactions are counted apart.
 */
export type TCounter = { statements: number; transactions: number; control: number };

const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)\b/i;

function counted<T extends object>(target: T, counter: TCounter): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== "function") return value;
      if (prop === "queryRaw" || prop === "executeRaw") {
        return (query: { sql: string }) => {
          if (CONTROL.test(query.sql)) counter.control++;
          else counter.statements++;
          return (value as (q: unknown) => unknown).call(t, query);
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => {
          counter.transactions++;
          return counted((await (value as (...a: unknown[]) => Promise<object>).apply(t, args)) as object, counter);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(t);
    },
  });
}

/** A driver adapter factory (PrismaPg / PrismaPGlite) whose adapters and their transactions count every statement. */
export function countingAdapter<T extends { connect(): Promise<object> }>(factory: T, counter: TCounter): T {
  return new Proxy(factory, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (prop === "connect") return async () => counted(await t.connect(), counter);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
