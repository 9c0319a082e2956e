import { createEnvironment } from "@/lib/server/deployments/create-environment";
import { listEnvironments } from "@/lib/server/deployments/list-environments";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZCreateEnvironmentRequest } from "@/lib/schemas/deployments";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  handler: ({ actor }) => listEnvironments({ actor }),
});

// Administrators add environments (the use case checks the role).
export const POST = defineRoute({
  auth: "both",
  permission: "deployments:write",
  body: ZCreateEnvironmentRequest,
  status: 201,
  handler: ({ actor, body }) => createEnvironment({ actor, input: body }),
});
