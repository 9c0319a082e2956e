import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { TFilterClause } from "@/lib/domain/mlflow/filter";

/** One checked filter clause on `column`. Comparators come from the domain parser's closed list, never from request text. */
export function compareSql(column: Prisma.Sql, c: TFilterClause): Prisma.Sql {
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.comparator) {
    case "LIKE":
      return Prisma.sql`${column} LIKE ${String(c.value)}`;
    case "ILIKE":
      return Prisma.sql`${column} ILIKE ${String(c.value)}`;
    case "IN":
      return Prisma.sql`${column} IN (${Prisma.join(values)})`;
    case "NOT IN":
      return Prisma.sql`${column} NOT IN (${Prisma.join(values)})`;
    default:
      return Prisma.sql`${column} ${Prisma.raw(c.comparator === "!=" ? "<>" : c.comparator)} ${c.value as string | number}`;
  }
}
