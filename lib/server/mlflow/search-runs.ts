import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter, type TFilterClause } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy, type TOrderTerm } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults, keysetFloat } from "@/lib/domain/mlflow/page-token";
import type { TRunFacts } from "@/lib/domain/mlflow/proto-json";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { compareSql } from "./compare-sql";
import {
  bigintParam,
  decodeKeysetAfter,
  floatParam,
  keysetOrderOf,
  keysetOrderSql,
  keysetPage,
  keysetWhereSql,
  textParam,
  type TSortKey,
} from "./keyset-sql";
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
const latestMetric = (key: string) =>
  Prisma.sql`(SELECT mm.value FROM mlflow_run_metrics mm WHERE mm."runId" = r.id AND mm.key = ${key} ORDER BY mm.step DESC, mm.timestamp DESC, mm.value DESC LIMIT 1)`;
const param = (key: string) =>
  Prisma.sql`(SELECT p.value FROM mlflow_run_params p WHERE p."runId" = r.id AND p.key = ${key})`;
const tag = (key: string) =>
  Prisma.sql`(SELECT t.value FROM mlflow_run_tags t WHERE t."runId" = r.id AND t.key = ${key})`;

function clauseSql(c: TFilterClause): Prisma.Sql {
  if (c.entity === "metric") return compareSql(latestMetric(c.key), c);
  if (c.entity === "param") return compareSql(param(c.key), c);
  if (c.entity === "tag") return compareSql(tag(c.key), c);
  return compareSql(ATTRIBUTE[c.key]!, c);
}

const ATTRIBUTE_KEYS: Record<string, TSortKey<TRunFacts>> = {
  run_id: { column: ATTRIBUTE.run_id!, kind: "text", param: textParam, valueOf: (r) => r.id },
  run_name: { column: ATTRIBUTE.run_name!, kind: "text", param: textParam, valueOf: (r) => r.name },
  status: { column: ATTRIBUTE.status!, kind: "text", param: textParam, valueOf: (r) => r.status },
  start_time: { column: ATTRIBUTE.start_time!, kind: "integer", param: bigintParam, valueOf: (r) => r.startTime },
  end_time: { column: ATTRIBUTE.end_time!, kind: "integer?", param: bigintParam, valueOf: (r) => r.endTime },
};

/**
 * A term's sort key. MLflow sorts runs without the metric, param or tag last, whatever the direction (keyset-sql adds
 * NULLS LAST to nullable keys). The values come from the loaded run: its latest metric is the one latestMetric reads.
 */
function sortKeyOf(t: TOrderTerm): TSortKey<TRunFacts> {
  if (t.entity === "metric")
    return {
      column: latestMetric(t.key),
      kind: "number?",
      param: floatParam,
      valueOf: (r) => {
        const m = r.metrics.find((x) => x.key === t.key);
        return m ? keysetFloat(m.value) : null;
      },
    };
  if (t.entity === "param")
    return {
      column: param(t.key),
      kind: "text?",
      param: textParam,
      valueOf: (r) => r.params.find((x) => x.key === t.key)?.value ?? null,
    };
  if (t.entity === "tag")
    return {
      column: tag(t.key),
      kind: "text?",
      param: textParam,
      valueOf: (r) => r.tags.find((x) => x.key === t.key)?.value ?? null,
    };
  return ATTRIBUTE_KEYS[t.key]!;
}

/** searchRuns: experiment ids, run_view_type, filter on metrics / params / tags / attributes, order_by, keyset page tokens (issue 18). */
export async function searchRuns(o: {
  actor: TActor;
  experimentIds: string[];
  filter?: string;
  runViewType?: string;
  maxResults?: number;
  orderBy: string[];
  pageToken?: string;
}): Promise<{ items: TRunFacts[]; nextPageToken: string | undefined }> {
  requirePermission(o.actor, "models:read");
  const limit = checkMaxResults(o.maxResults, 1_000, 50_000, { tracking: true });
  const clauses = parseSearchFilter(o.filter, FILTER_SPECS.runs);
  const order = keysetOrderOf(parseOrderBy(o.orderBy, ORDER_SPECS.runs), sortKeyOf);
  const after = decodeKeysetAfter(o.pageToken, order);
  const ids = o.experimentIds.filter((x) => /^\d+$/.test(x)).map(Number);
  const where = Prisma.join(
    [
      Prisma.sql`r."experimentId" = ANY(${ids}::int[])`,
      lifecycleFilter(Prisma.sql`r."lifecycleStage"`, o.runViewType),
      ...clauses.map(clauseSql),
      keysetWhereSql(order, after),
    ],
    " AND ",
  );
  const rows = await loadRuns(await getDb(), { where, order: keysetOrderSql(order), limit: limit + 1 });
  return keysetPage(rows, limit, order);
}
