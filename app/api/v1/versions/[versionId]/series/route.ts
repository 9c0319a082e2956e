import { defineRoute } from "@/lib/server/http/define-route";
import { getMetricSeries } from "@/lib/server/monitoring/get-metric-series";
import { ZVersionParams } from "@/lib/schemas/models";
import { ZSeriesQuery } from "@/lib/schemas/series";

// Time-bucketed metric series of one version (≤ ~1,000 points per metric).
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZVersionParams,
  query: ZSeriesQuery,
  handler: ({ actor, params, query }) =>
    getMetricSeries({ actor, scope: { kind: "version", versionId: params.versionId }, query }),
});
