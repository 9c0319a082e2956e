import { defineRoute } from "@/lib/server/http/define-route";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";

// Recomputes the whole hash chain: proves no event was altered, removed or reordered since it was written.
export const GET = defineRoute({
  auth: "both",
  permission: "audit:read",
  handler: () => verifyAuditChain(),
});
