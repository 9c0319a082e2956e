import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter, type TFilterClause } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults } from "@/lib/domain/mlflow/page-token";
import type { TExperimentFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { compareSql } from "./compare-sql";
import {
  bigintParam,
  decodeKeysetAfter,
  epochMsParam,
  keysetOrderOf,
  keysetOrderSql,
  keysetPage,
  keysetWhereSql,
  textParam,
  type TSortKey,
} from "./keyset-sql";
import { loadExperiments } from "./tracking-sql";
import { lifecycleFilter } from "./view-type";

const COLUMNS: Record<string, Prisma.Sql> = {
  name: Prisma.sql`e.name`,
  experiment_id: Prisma.sql`e.id`,
  creation_time: Prisma.sql`round(extract(epoch FROM e."createdAt") * 1000)`,
  last_update_time: Prisma.sql`round(extract(epoch FROM e."updatedAt") * 1000)`,
};

function clauseSql(c: TFilterClause): Prisma.Sql {
  if (c.entity === "tag")
    return Prisma.sql`EXISTS (SELECT 1 FROM mlflow_experiment_tags t WHERE t."experimentId" = e.id AND t.key = ${c.key} AND ${compareSql(Prisma.sql`t.value`, c)})`;
  return compareSql(COLUMNS[c.key]!, c);
}

/**
 * The sort keys: the raw columns (not the epoch expressions the filters compare), so name (unique), id (primary key),
 * createdAt and updatedAt (indexes of migration 20261202020000_keyset_indexes) each lead an index.
 */
const SORT_KEYS: Record<string, TSortKey<TExperimentFacts>> = {
  name: { column: Prisma.sql`e.name`, kind: "text", param: textParam, valueOf: (e) => e.name },
  experiment_id: { column: Prisma.sql`e.id`, kind: "integer", param: bigintParam, valueOf: (e) => e.id },
  creation_time: {
    column: Prisma.sql`e."createdAt"`,
    kind: "integer",
    param: epochMsParam,
    valueOf: (e) => e.createdAt,
  },
  last_update_time: {
    column: Prisma.sql`e."updatedAt"`,
    kind: "integer",
    param: epochMsParam,
    valueOf: (e) => e.updatedAt,
  },
};

/** searchExperiments (GET and POST): view_type, filter on name / times / tags, order_by, keyset page tokens (issue 18). */
export async function searchExperiments({
  actor,
  filter,
  maxResults,
  orderBy,
  pageToken,
  viewType,
}: {
  actor: TActor;
  filter?: string;
  maxResults?: number;
  orderBy: string[];
  pageToken?: string;
  viewType?: string;
}): Promise<{ items: TExperimentFacts[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, 1_000, 50_000);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.experiments);
  const order = keysetOrderOf(parseOrderBy(orderBy, ORDER_SPECS.experiments), (t) => SORT_KEYS[t.key]!);
  const after = decodeKeysetAfter(pageToken, order);
  const where = Prisma.join(
    [
      lifecycleFilter(Prisma.sql`e."lifecycleStage"`, viewType),
      ...clauses.map(clauseSql),
      keysetWhereSql(order, after),
    ],
    " AND ",
  );
  const rows = await loadExperiments(await getDb(), { where, order: keysetOrderSql(order), limit: limit + 1 });
  return keysetPage(rows, limit, order);
}
