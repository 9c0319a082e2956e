import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { FILTER_SPECS, parseSearchFilter } from "@/lib/domain/mlflow/filter";
import { ORDER_SPECS, parseOrderBy } from "@/lib/domain/mlflow/order-by";
import { checkMaxResults, decodeKeysetToken, decodePageToken, encodeKeysetToken, keysetPageOf, pageOf } from "@/lib/domain/mlflow/page-token";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { loadVersionPage, versionAfterSql, versionFilterSql, versionKeyOf, versionKeysetKinds, versionOrderSignature, versionOrderSql, type TLoadedVersion } from "./registry-sql";

const SEARCH_VERSIONS_MAX = 200_000;

/**
 * searchModelVersions: filter (name, version_number, run_id, source_path, tags.<key>), order_by (MLflow's default
 * last_updated_timestamp DESC, name ASC, version_number DESC; ties broken by name ASC, version_number DESC); one SQL
 * statement per page. Without a filter — every live version, the search that grows with the registry — pages are
 * keyset-based (the token holds the last row's sort key), so a page costs one index range wherever it is; with a
 * filter, MLflow's offset tokens, byte for byte (the filter already narrows the rows; ../shared/MLFLOW_COMPAT.md
 * pins that token).
 */
export async function searchModelVersions({ actor, filter, maxResults, orderBy, pageToken }: { actor: TActor; filter?: string; maxResults?: number; orderBy: string[]; pageToken?: string }): Promise<{ items: TLoadedVersion[]; nextPageToken: string | undefined }> {
  requirePermission(actor, "models:read");
  const limit = checkMaxResults(maxResults, SEARCH_VERSIONS_MAX, SEARCH_VERSIONS_MAX);
  const clauses = parseSearchFilter(filter, FILTER_SPECS.modelVersions);
  const terms = parseOrderBy(orderBy, ORDER_SPECS.modelVersions);
  const order = versionOrderSql(terms);
  const db = await getDb();
  if (clauses.length > 0) {
    const offset = decodePageToken(pageToken);
    return pageOf(await loadVersionPage(db, { where: versionFilterSql(clauses), order, limit: limit + 1, offset }), offset, limit);
  }
  const signature = versionOrderSignature(terms);
  const after = decodeKeysetToken(pageToken, signature, versionKeysetKinds(terms));
  const rows = await loadVersionPage(db, { where: after ? versionAfterSql(terms, after) : Prisma.sql`TRUE`, order, limit: limit + 1 });
  return keysetPageOf(rows, limit, (last) => encodeKeysetToken(signature, versionKeyOf(terms, last)));
}
