import { defineRoute } from "@/lib/server/http/define-route";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { ZCreateApiTokenRequest, ZListApiTokensQuery } from "@/lib/schemas/api-tokens";

export const GET = defineRoute({
  auth: "both",
  permission: "tokens:own",
  query: ZListApiTokensQuery,
  handler: ({ actor, query }) => listApiTokens({ actor, query }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "tokens:own",
  body: ZCreateApiTokenRequest,
  status: 201,
  handler: ({ actor, body }) => createApiToken({ actor, input: body }),
});
