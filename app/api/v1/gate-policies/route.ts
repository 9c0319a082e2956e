import { defineRoute } from "@/lib/server/http/define-route";
import { listGatePolicies } from "@/lib/server/gate-policies/list-gate-policies";

// Everyone who reads models may see what each gate requires; only administrators change it.
export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  handler: ({ actor }) => listGatePolicies({ actor }),
});
