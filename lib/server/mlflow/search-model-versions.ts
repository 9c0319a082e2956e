import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults } from "@/lib/domain/mlflow/page-token";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { decodeKeysetAfter, keysetOrderSql, keysetPage, keysetWhereSql } from "./keyset-sql";
import { loadVersionPage, versionFilterSql, versionKeysetOrder, type TLoadedVersion } from "./registry-sql";

const SEARCH_VERSIONS_MAX = 200_000;

/**
 * searchModelVersions: filter (name, version_number, run_id, source_path, tags.<key>), order_by (MLflow's default
 * last_updated_timestamp DESC, name ASC, version_number DESC; ties broken by name ASC, version_number DESC); one SQL
 * statement per page. Pages are keyset-based, filtered or not (issue 13, then issue 18 for filtered searches): the
 * token holds the last row's sort key, so a page costs one index range wherever it is, and MLflow's offset tokens
 * are refused with INVALID_PARAMETER_VALUE (docs/MLFLOW.md, deviations).
 */
export async function searchModelVersions({
  actor,
  filter,
  maxResults,
  orderBy,
  pageToken,
}: {
  actor: TActor;
  filter?: string;
  maxResults?: number;
  orderBy: string[];
  pageToken?: string;
}): Promise<{ items: TLoadedVersion[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, SEARCH_VERSIONS_MAX, SEARCH_VERSIONS_MAX);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.modelVersions);
  const order = versionKeysetOrder(parseOrderBy(orderBy, ORDER_SPECS.modelVersions));
  const after = decodeKeysetAfter(pageToken, order);
  const where = Prisma.sql`${versionFilterSql(clauses)} AND ${keysetWhereSql(order, after)}`;
  const rows = await loadVersionPage(await getDb(), { where, order: keysetOrderSql(order), limit: limit + 1 });
  return keysetPage(rows, limit, order);
}
