import { defineRoute } from "@/lib/server/http/define-route";
import { getMetricSeries } from "@/lib/server/monitoring/get-metric-series";
import { ZModelRefParams } from "@/lib/schemas/models";
import { ZSeriesQuery } from "@/lib/schemas/series";

// Production history of a model across its versions, with deployment markers.
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  query: ZSeriesQuery,
  handler: ({ actor, params, query }) =>
    getMetricSeries({ actor, scope: { kind: "model", modelRef: params.modelId }, query }),
});
