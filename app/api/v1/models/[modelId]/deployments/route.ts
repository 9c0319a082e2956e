import { listDeployments } from "@/lib/server/deployments/list-deployments";
import { recordDeployment } from "@/lib/server/deployments/record-deployment";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZModelRefParams } from "@/lib/schemas/models";
import { ZListDeploymentsQuery, ZRecordDeploymentRequest } from "@/lib/schemas/deployments";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  params: ZModelRefParams,
  query: ZListDeploymentsQuery,
  handler: ({ actor, params, query }) => listDeployments({ actor, modelRef: params.modelId, query }),
});

// The UI or CI records that a version now runs in an environment.
export const POST = defineRoute({
  auth: "both",
  permission: "deployments:write",
  params: ZModelRefParams,
  body: ZRecordDeploymentRequest,
  status: 201,
  handler: ({ actor, params, body }) => recordDeployment({ actor, modelRef: params.modelId, input: body }),
});
