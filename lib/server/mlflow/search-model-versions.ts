import "server-only";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults, decodePageToken, pageOf } from "@/lib/domain/mlflow/page-token";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { loadVersions, versionFilterSql, versionOrderSql, type TLoadedVersion } from "./registry-sql";

const SEARCH_VERSIONS_MAX = 200_000;

/** searchModelVersions: filter (name, version_number, run_id, source_path, tags.<key>), order_by, offset page tokens; one SQL statement per page. */
export async function searchModelVersions({ actor, filter, maxResults, orderBy, pageToken }: { actor: TActor; filter?: string; maxResults?: number; orderBy: string[]; pageToken?: string }): Promise<{ items: TLoadedVersion[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, SEARCH_VERSIONS_MAX, SEARCH_VERSIONS_MAX);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.modelVersions);
  const order = parseOrderBy(orderBy, ORDER_SPECS.modelVersions);
  const offset = decodePageToken(pageToken);
  const rows = await loadVersions(await getDb(), { where: versionFilterSql(clauses), order: versionOrderSql(order), limit: limit + 1, offset });
  return pageOf(rows, offset, limit);
}
