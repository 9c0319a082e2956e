import { defineRoute } from "@/lib/server/http/define-route";
import { revokeApiToken } from "@/lib/server/api-tokens/revoke-api-token";
import { ZApiTokenIdParams } from "@/lib/schemas/api-tokens";

export const POST = defineRoute({
  auth: "both",
  permission: "tokens:own",
  params: ZApiTokenIdParams,
  handler: ({ actor, params }) => revokeApiToken({ actor, tokenId: params.tokenId }),
});
