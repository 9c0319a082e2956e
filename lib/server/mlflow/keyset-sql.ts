import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { TOrderTerm } from "@/lib/domain/mlflow/order-by";
import {
  decodeKeysetToken,
  encodeKeysetToken,
  keysetPageOf,
  type TKeysetKind,
  type TKeysetValue,
} from "@/lib/domain/mlflow/page-token";

/**
 * Keyset pages for every MLflow search (issue 18). A search names its sort keys (SQL column, kind in the token, how a
 * bound is written, how a row's value is read); the ordering, the "rows after this key" predicate and the page token
 * all derive from the same list, so they cannot disagree. Nullable keys (a run's metric, param or tag, its end time)
 * sort last in both directions, as MLflow sorts them.
 */
export type TSortKey<Row> = {
  column: Prisma.Sql;
  kind: TKeysetKind;
  param: (value: string | number) => Prisma.Sql;
  valueOf: (row: Row) => TKeysetValue;
};

export type TKeysetOrder<Row> = { terms: { key: TSortKey<Row>; ascending: boolean }[]; signature: string };

const nullable = (k: { kind: TKeysetKind }) => k.kind.endsWith("?");

/** Epoch milliseconds as a timestamptz bound: the columns hold milliseconds (timestamptz(3)), so it compares exactly. */
export const epochMsParam = (value: string | number) =>
  Prisma.sql`${new Date(Number(value)).toISOString()}::timestamptz`;
export const textParam = (value: string | number) => Prisma.sql`${String(value)}::text`;
export const bigintParam = (value: string | number) => Prisma.sql`${value}::bigint`;
export const floatParam = (value: string | number) => Prisma.sql`${value}::float8`;

/** How a term reads in a token's ordering, e.g. "last_updated_timestamp DESC" or `metrics."auc" ASC`. */
const termName = (t: TOrderTerm) =>
  `${t.entity === "attribute" ? t.key : `${t.entity}s.${JSON.stringify(t.key)}`} ${t.ascending ? "ASC" : "DESC"}`;

/** The ordering of `terms` (already completed with the spec's tie-breakers) through `keyOf`. */
export function keysetOrderOf<Row>(terms: TOrderTerm[], keyOf: (t: TOrderTerm) => TSortKey<Row>): TKeysetOrder<Row> {
  return {
    terms: terms.map((t) => ({ key: keyOf(t), ascending: t.ascending })),
    signature: terms.map(termName).join(","),
  };
}

/** ORDER BY for the ordering; NULLS LAST only on nullable keys, so a NOT NULL key keeps its index's plain order. */
export function keysetOrderSql<Row>(order: TKeysetOrder<Row>): Prisma.Sql {
  return Prisma.join(
    order.terms.map(
      ({ key, ascending }) =>
        Prisma.sql`${key.column} ${Prisma.raw(`${ascending ? "ASC" : "DESC"}${nullable(key) ? " NULLS LAST" : ""}`)}`,
    ),
  );
}

/**
 * Rows strictly after `after`: (k1 > a1) OR (k1 = a1 AND k2 < a2) OR … with each term's direction and nulls last, plus
 * the leading term's bound on its own (k1 >= a1) when it is NOT NULL, which is what the planner turns into an index range.
 */
export function keysetAfterSql<Row>(order: TKeysetOrder<Row>, after: TKeysetValue[]): Prisma.Sql {
  const parts = order.terms.map(({ key, ascending }, i) => {
    const value = after[i]!;
    const op = ascending ? ">" : "<";
    const equal = value === null ? Prisma.sql`${key.column} IS NULL` : Prisma.sql`${key.column} = ${key.param(value)}`;
    // Nothing sorts after a null (nulls last); a null sorts after every value.
    const beyond =
      value === null
        ? Prisma.sql`FALSE`
        : nullable(key)
          ? Prisma.sql`(${key.column} ${Prisma.raw(op)} ${key.param(value)} OR ${key.column} IS NULL)`
          : Prisma.sql`${key.column} ${Prisma.raw(op)} ${key.param(value)}`;
    return { equal, beyond };
  });
  const branches = parts.map((p, i) => Prisma.join([...parts.slice(0, i).map((e) => e.equal), p.beyond], " AND "));
  const disjunction = Prisma.sql`(${Prisma.join(
    branches.map((b) => Prisma.sql`(${b})`),
    " OR ",
  )})`;
  const lead = order.terms[0]!;
  const leadValue = after[0];
  if (nullable(lead.key) || leadValue === null || leadValue === undefined) return disjunction;
  return Prisma.sql`(${lead.key.column} ${Prisma.raw(lead.ascending ? ">=" : "<=")} ${lead.key.param(leadValue)} AND ${disjunction})`;
}

/** The key a page token carries for this ordering, or undefined for the first page; a token of any other kind throws. */
export function decodeKeysetAfter<Row>(
  token: string | undefined,
  order: TKeysetOrder<Row>,
): TKeysetValue[] | undefined {
  return decodeKeysetToken(
    token,
    order.signature,
    order.terms.map((t) => t.key.kind),
  );
}

/** `after` as a WHERE fragment (TRUE on the first page). */
export const keysetWhereSql = <Row>(order: TKeysetOrder<Row>, after: TKeysetValue[] | undefined): Prisma.Sql =>
  after ? keysetAfterSql(order, after) : Prisma.sql`TRUE`;

/** A page from `limit + 1` rows, the next token keyed by the last row kept. */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  order: TKeysetOrder<Row>,
): { items: Row[]; nextPageToken: string | undefined } {
  return keysetPageOf(rows, limit, (last) =>
    encodeKeysetToken(
      order.signature,
      order.terms.map((t) => t.key.valueOf(last)),
    ),
  );
}
