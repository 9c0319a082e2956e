import { overrideOwnership } from "@/lib/server/handoffs/override-ownership";
import { defineRoute } from "@/lib/server/http/define-route";
import { ZOverrideOwnershipRequest } from "@/lib/schemas/handoffs";
import { ZModelRefParams } from "@/lib/schemas/models";

// Administrators only: set owners directly, with a reason (audited, kept in the ownership history).
export const POST = defineRoute({
  auth: "both",
  permission: "ownership:override",
  params: ZModelRefParams,
  body: ZOverrideOwnershipRequest,
  handler: ({ actor, params, body }) => overrideOwnership({ actor, modelRef: params.modelId, input: body }),
});
