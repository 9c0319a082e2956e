import { ZAuditVerifyQuery } from "@/lib/schemas/audit";
import { defineRoute } from "@/lib/server/http/define-route";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";

// Recomputes the hash chain (from the newest signed checkpoint, or from the first event with ?full=true):
// proves no chained event was altered, removed or reordered since it was chained, and says how many wait.
export const GET = defineRoute({
  auth: "both",
  permission: "audit:read",
  query: ZAuditVerifyQuery,
  handler: ({ query }) => verifyAuditChain({ full: query.full === "true" }),
});
