import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter, type TFilterClause } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults, decodePageToken, pageOf } from "@/lib/domain/mlflow/page-token";
import type { TExperimentFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { compareSql } from "./compare-sql";
import { loadExperiments } from "./tracking-sql";
import { lifecycleFilter } from "./view-type";

const COLUMNS: Record<string, Prisma.Sql> = {
  name: Prisma.sql`e.name`,
  experiment_id: Prisma.sql`e.id`,
  creation_time: Prisma.sql`round(extract(epoch FROM e."createdAt") * 1000)`,
  last_update_time: Prisma.sql`round(extract(epoch FROM e."updatedAt") * 1000)`,
};

function clauseSql(c: TFilterClause): Prisma.Sql {
  if (c.entity === "tag") return Prisma.sql`EXISTS (SELECT 1 FROM mlflow_experiment_tags t WHERE t."experimentId" = e.id AND t.key = ${c.key} AND ${compareSql(Prisma.sql`t.value`, c)})`;
  return compareSql(COLUMNS[c.key]!, c);
}

/** searchExperiments (GET and POST): view_type, filter on name / times / tags, order_by, offset page tokens. */
export async function searchExperiments({ actor, filter, maxResults, orderBy, pageToken, viewType }: { actor: TActor; filter?: string; maxResults?: number; orderBy: string[]; pageToken?: string; viewType?: string }): Promise<{ items: TExperimentFacts[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, 1_000, 50_000);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.experiments);
  const order = parseOrderBy(orderBy, ORDER_SPECS.experiments).map((t) => Prisma.sql`${COLUMNS[t.key]!} ${Prisma.raw(t.ascending ? "ASC" : "DESC")}`);
  const offset = decodePageToken(pageToken);
  const where = Prisma.join([lifecycleFilter(Prisma.sql`e."lifecycleStage"`, viewType), ...clauses.map(clauseSql)], " AND ");
  const rows = await loadExperiments(await getDb(), { where, order: Prisma.join(order), limit: limit + 1, offset });
  return pageOf(rows, offset, limit);
}
