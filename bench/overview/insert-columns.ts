import type { SqlRunner } from "../../lib/db/migrate";
import type { TCell, TColumn } from "../insert-rows";

/**
 * Bulk INSERT … SELECT FROM unnest(…): one text-array parameter per column and `chunkRows` rows per
 * statement, so 100,000 models' millions of rows seed in minutes — a multi-row VALUES list binds one
 * parameter per cell and is parsed per tuple, five to ten times slower at this size. The arrays are sent
 * as PostgreSQL array literals (one text each) and cast in SQL, so pg and PGlite take them the same way.
 */
export async function insertColumns(
  db: SqlRunner,
  table: string,
  columns: TColumn[],
  rows: TCell[][],
  chunkRows = 20_000,
): Promise<void> {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const params = columns.map((_, c) => `$${c + 1}::text::text[]`).join(", ");
  const casts = columns.map(([, type], c) => `c${c}::${type}`).join(", ");
  const aliases = columns.map((_, c) => `c${c}`).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${params}) AS u(${aliases})`;
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    await db.query(
      sql,
      columns.map((_, c) => arrayLiteral(chunk.map((row) => row[c]!))),
    );
  }
}

/** `{"a","b\"c",NULL}`: every element quoted (backslash and quote escaped), null as NULL. */
function arrayLiteral(values: TCell[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${String(v).replace(/[\\"]/g, (ch) => `\\${ch}`)}"`)).join(",")}}`;
}
