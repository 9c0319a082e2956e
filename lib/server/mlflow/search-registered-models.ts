import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults } from "@/lib/domain/mlflow/page-token";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { decodeKeysetAfter, keysetOrderSql, keysetPage, keysetWhereSql } from "./keyset-sql";
import { loadRegisteredModels, modelFilterSql, modelKeysetOrder, type TLoadedModel } from "./registry-sql";

const SEARCH_MODELS_DEFAULT = 100;
const SEARCH_MODELS_MAX = 1_000;

/**
 * searchRegisteredModels: filter (`name`, `tags.<key>` with = != LIKE ILIKE), order_by (`name`,
 * `timestamp` / `last_updated_timestamp`, then `name ASC`), keyset page tokens (issue 18: an offset made the last
 * page of 10,000 models scan all 9,900 before it). Two SQL statements per page whatever its size
 * (bench/mlflow.bench.ts counts them).
 */
export async function searchRegisteredModels({
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
}): Promise<{ items: TLoadedModel[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, SEARCH_MODELS_DEFAULT, SEARCH_MODELS_MAX);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.registeredModels);
  const order = modelKeysetOrder(parseOrderBy(orderBy, ORDER_SPECS.registeredModels));
  const after = decodeKeysetAfter(pageToken, order);
  const where = Prisma.sql`${modelFilterSql(clauses)} AND ${keysetWhereSql(order, after)}`;
  const rows = await loadRegisteredModels(await getDb(), { where, order: keysetOrderSql(order), limit: limit + 1 });
  return keysetPage(rows, limit, order);
}
