import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter, type TFilterClause } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy, type TOrderTerm } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults, decodePageToken, pageOf } from "@/lib/domain/mlflow/page-token";
import type { TRunFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { compareSql } from "./compare-sql";
import { loadRuns } from "./tracking-sql";
import { lifecycleFilter } from "./view-type";

const ATTRIBUTE: Record<string, Prisma.Sql> = {
  run_id: Prisma.sql`r.id`,
  run_name: Prisma.sql`r.name`,
  status: Prisma.sql`r.status`,
  user_id: Prisma.sql`r."userId"`,
  start_time: Prisma.sql`r."startTime"`,
  end_time: Prisma.sql`r."endTime"`,
};

/** The latest value of a run's metric (highest step, then timestamp), as filters and orderings see it. */
const latestMetric = (key: string) => Prisma.sql`(SELECT mm.value FROM mlflow_run_metrics mm WHERE mm."runId" = r.id AND mm.key = ${key} ORDER BY mm.step DESC, mm.timestamp DESC, mm.value DESC LIMIT 1)`;
const param = (key: string) => Prisma.sql`(SELECT p.value FROM mlflow_run_params p WHERE p."runId" = r.id AND p.key = ${key})`;
const tag = (key: string) => Prisma.sql`(SELECT t.value FROM mlflow_run_tags t WHERE t."runId" = r.id AND t.key = ${key})`;

function clauseSql(c: TFilterClause): Prisma.Sql {
  if (c.entity === "metric") return compareSql(latestMetric(c.key), c);
  if (c.entity === "param") return compareSql(param(c.key), c);
  if (c.entity === "tag") return compareSql(tag(c.key), c);
  return compareSql(ATTRIBUTE[c.key]!, c);
}

function orderSql(t: TOrderTerm): Prisma.Sql {
  const column = t.entity === "metric" ? latestMetric(t.key) : t.entity === "param" ? param(t.key) : t.entity === "tag" ? tag(t.key) : ATTRIBUTE[t.key]!;
  // MLflow sorts runs without the metric or param last, whatever the direction.
  return Prisma.sql`${column} ${Prisma.raw(t.ascending ? "ASC NULLS LAST" : "DESC NULLS LAST")}`;
}

/** searchRuns: experiment ids, run_view_type, filter on metrics / params / tags / attributes, order_by, page tokens. */
export async function searchRuns(o: { actor: TActor; experimentIds: string[]; filter?: string; runViewType?: string; maxResults?: number; orderBy: string[]; pageToken?: string }): Promise<{ items: TRunFacts[]; nextPageToken: string | undefined }> {
  requirePermission(o.actor, "models:read");
  const limit = checkMaxResults(o.maxResults, 1_000, 50_000, { tracking: true });
  const clauses = parseSearchFilter(o.filter, FILTER_SPECS.runs);
  const order = parseOrderBy(o.orderBy, ORDER_SPECS.runs);
  const offset = decodePageToken(o.pageToken);
  const ids = o.experimentIds.filter((x) => /^\d+$/.test(x)).map(Number);
  const where = Prisma.join(
    [Prisma.sql`r."experimentId" = ANY(${ids}::int[])`, lifecycleFilter(Prisma.sql`r."lifecycleStage"`, o.runViewType), ...clauses.map(clauseSql)],
    " AND ",
  );
  const rows = await loadRuns(await getDb(), { where, order: Prisma.join(order.map(orderSql)), limit: limit + 1, offset });
  return pageOf(rows, offset, limit);
}
