import { defineRoute } from "@/lib/server/http/define-route";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { ZCreateApiTokenRequest } from "@/lib/schemas/api-tokens";

export const GET = defineRoute({
  auth: "both",
  permission: "tokens:own",
  handler: async ({ actor }) => ({ items: await listApiTokens({ actor }) }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "tokens:own",
  body: ZCreateApiTokenRequest,
  status: 201,
  handler: ({ actor, body }) => createApiToken({ actor, input: body }),
});
