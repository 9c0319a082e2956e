import type { SqlRunner } from "../lib/db/migrate";

export type TCell = string | number | boolean | null;
export type TColumn = [name: string, type: string];

/**
 * Multi-row INSERTs, `chunkRows` rows per statement, for seeding benchmark databases through the app's SqlRunner.
 * Every value travels as text and is cast in SQL, so pg and PGlite serialise parameters the same way.
 */
export async function insertRows(
  db: SqlRunner,
  table: string,
  columns: TColumn[],
  rows: TCell[][],
  chunkRows = 500,
): Promise<void> {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const params: (string | null)[] = [];
    const tuples = chunk.map(
      (row) =>
        `(${row.map((value, c) => (params.push(value === null ? null : String(value)), `$${params.length}::text::${columns[c]![1]}`)).join(", ")})`,
    );
    await db.query(`INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")}`, params);
  }
}

/** A PostgreSQL array literal for a text parameter cast to an array type. */
export const pgArray = (items: string[]): string => `{${items.join(",")}}`;
